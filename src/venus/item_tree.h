// The tree of items one Venus service publishes (venus-dbus-mqtt.md §2.3): leaf paths with a
// value and a text, intermediate nodes that answer for their subtree, and the set of paths that
// changed since the last ItemsChanged. Pure: no D-Bus, no clock.
#pragma once

#include "venus/item_value.h"

#include <functional>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace vreglink::venus {

// Called for SetValue on a writable item. The owner answers later through `done` (the device
// round trip is asynchronous); the tree updates the value itself only if the owner does so.
using WriteHandler =
    std::function<void(const ItemValue& requested, std::function<void(SetResult)> done)>;

struct Item {
    ItemValue value;
    std::string text;      // GetText: "12.80V", "---" for invalid
    WriteHandler onWrite;  // empty = read-only (SetValue answers 1)
};

// Per-path notifications for consumers beside the D-Bus service (MQTT N topics, §4.2): which
// leaf was added or changed, and which went away. Called synchronously from add/update/remove;
// an observer must not add or remove observers from inside a call.
class ItemObserver {
  public:
    virtual ~ItemObserver() = default;
    // A leaf was added (or replaced) or its value or text changed; `item` is the stored one.
    virtual void onItemChanged(const std::string& path, const Item& item) = 0;
    virtual void onItemRemoved(const std::string& path) = 0;
};

class ItemTree {
  public:
    // Adds a leaf ("/Dc/0/Voltage"); replaces it if it exists. Paths start with '/', no trailing
    // '/', no empty components. Adding marks the path changed.
    void add(const std::string& path, ItemValue value, std::string text = {},
             WriteHandler onWrite = {});
    // Updates a leaf; returns true (and marks it changed) only when value or text differ.
    // Unknown paths are ignored (returns false): publishers add paths first.
    bool update(std::string_view path, ItemValue value, std::string text);
    void remove(std::string_view path);

    const Item* find(std::string_view path) const;
    bool isLeaf(std::string_view path) const { return find(path) != nullptr; }
    // True for "/" and for every proper prefix node of a leaf ("/Dc", "/Dc/0").
    bool isNode(std::string_view path) const;

    // Every leaf, sorted: GetItems keys are these full paths.
    const std::map<std::string, Item, std::less<>>& items() const { return items_; }
    // Leaves under `node`, keyed relative to it without a leading slash ("0/Voltage" under "/Dc").
    std::vector<std::pair<std::string, const Item*>> subtree(std::string_view node) const;
    // Every intermediate node path, including "/" (objects to register, introspection).
    std::vector<std::string> nodes() const;

    // Paths changed since the last call (for batched ItemsChanged and PropertiesChanged).
    std::vector<std::string> takeChanged();
    bool hasChanges() const { return !changed_.empty(); }
    // Called when the first path changes after takeChanged(): the publisher arms its batch timer
    // then, instead of waking up every interval to find nothing (no CPU use while idle). One
    // listener; an empty function removes it.
    void setChangeListener(std::function<void()> listener) { listener_ = std::move(listener); }

    // Any number of per-path observers, independent of the change listener and takeChanged().
    // Observers must outlive their registration (or remove themselves first).
    void addObserver(ItemObserver& observer);
    void removeObserver(ItemObserver& observer);

  private:
    std::map<std::string, Item, std::less<>> items_;
    void markChanged(const std::string& path, const Item& item);

    std::vector<ItemObserver*> observers_;

    std::set<std::string, std::less<>> changed_;
    std::function<void()> listener_;
};

}  // namespace vreglink::venus
