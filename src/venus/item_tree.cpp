// Venus item tree semantics (venus-dbus-mqtt.md §2.3): leaves carry values, every proper prefix
// of a leaf is a node that answers GetValue/GetText/GetItems for its subtree.
#include "venus/item_tree.h"

#include <algorithm>

namespace vreglink::venus {

namespace {

// Publishers build paths from tables, so a bad path is a programming error; it is still refused
// rather than creating nodes that no D-Bus object path could represent.
bool validLeafPath(std::string_view path) {
    if (path.size() < 2 || path.front() != '/' || path.back() == '/') return false;
    return path.find("//") == std::string_view::npos;
}

// The node itself and everything below it ("/Dc" covers "/Dc/0/Voltage", not "/DcX").
bool isUnder(std::string_view path, std::string_view node) {
    if (node == "/") return true;
    return path.size() > node.size() && path.substr(0, node.size()) == node &&
           path[node.size()] == '/';
}

std::string_view normalizeNode(std::string_view node) {
    // "/Dc/" and "/Dc" name the same node; "" is the root as some clients send it.
    while (node.size() > 1 && node.back() == '/') node.remove_suffix(1);
    if (node.empty()) return "/";
    return node;
}

}  // namespace

void ItemTree::add(const std::string& path, ItemValue value, std::string text,
                   WriteHandler onWrite) {
    if (!validLeafPath(path)) return;
    const auto it =
        items_.insert_or_assign(path, Item{std::move(value), std::move(text), std::move(onWrite)})
            .first;
    markChanged(it->first, it->second);
}

bool ItemTree::update(std::string_view path, ItemValue value, std::string text) {
    auto it = items_.find(path);
    if (it == items_.end()) return false;
    Item& item = it->second;
    if (item.value == value && item.text == text) return false;
    item.value = std::move(value);
    item.text = std::move(text);
    markChanged(it->first, item);
    return true;
}

void ItemTree::remove(std::string_view path) {
    auto it = items_.find(path);
    if (it == items_.end()) return;
    const std::string removed = it->first;  // `path` may point into the erased key
    items_.erase(it);
    // A removed item no longer appears in ItemsChanged: it has no value to report.
    if (auto c = changed_.find(removed); c != changed_.end()) changed_.erase(c);
    for (auto* observer : observers_) observer->onItemRemoved(removed);
}

const Item* ItemTree::find(std::string_view path) const {
    auto it = items_.find(path);
    return it == items_.end() ? nullptr : &it->second;
}

bool ItemTree::isNode(std::string_view path) const {
    path = normalizeNode(path);
    if (path == "/") return true;
    // Leaves under `path` sort right after "path/"; only the first candidate needs checking.
    std::string prefix(path);
    prefix += '/';
    auto it = items_.lower_bound(prefix);
    return it != items_.end() && isUnder(it->first, path);
}

std::vector<std::pair<std::string, const Item*>> ItemTree::subtree(std::string_view node) const {
    node = normalizeNode(node);
    std::vector<std::pair<std::string, const Item*>> out;
    const std::size_t skip = node == "/" ? 1 : node.size() + 1;
    auto it = node == "/" ? items_.begin() : items_.lower_bound(std::string(node) + '/');
    for (; it != items_.end() && isUnder(it->first, node); ++it) {
        out.emplace_back(it->first.substr(skip), &it->second);
    }
    return out;
}

std::vector<std::string> ItemTree::nodes() const {
    std::set<std::string, std::less<>> all{"/"};
    for (const auto& [path, item] : items_) {
        // Every proper prefix ending before a '/' (skipping the leading one) is a node.
        for (std::size_t pos = path.find('/', 1); pos != std::string::npos;
             pos = path.find('/', pos + 1)) {
            all.insert(path.substr(0, pos));
        }
    }
    return {all.begin(), all.end()};
}

void ItemTree::markChanged(const std::string& path, const Item& item) {
    const bool first = changed_.empty();
    changed_.insert(path);
    if (first && listener_) listener_();
    for (auto* observer : observers_) observer->onItemChanged(path, item);
}

void ItemTree::addObserver(ItemObserver& observer) {
    if (std::find(observers_.begin(), observers_.end(), &observer) == observers_.end()) {
        observers_.push_back(&observer);
    }
}

void ItemTree::removeObserver(ItemObserver& observer) {
    observers_.erase(std::remove(observers_.begin(), observers_.end(), &observer),
                     observers_.end());
}

std::vector<std::string> ItemTree::takeChanged() {
    std::vector<std::string> out(changed_.begin(), changed_.end());
    changed_.clear();
    return out;
}

}  // namespace vreglink::venus
