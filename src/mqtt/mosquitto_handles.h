// RAII owners of libmosquitto's C objects (DESIGN.md "One RAII owner per OS or C resource"): the
// client handle (mosquitto_destroy, which also closes the socket the library owns), MQTT 5
// property lists (mosquitto_property_free_all) and the malloc()ed values the library returns.
// Internal to the mqtt module.
#pragma once

#include <mosquitto.h>

#include <cstdlib>
#include <memory>

namespace vreglink::mqtt {

struct MosquittoDeleter {
    void operator()(mosquitto* handle) const { mosquitto_destroy(handle); }
};
using MosquittoHandle = std::unique_ptr<mosquitto, MosquittoDeleter>;

// An outgoing property list (publish properties, §4.8 request/response). Empty: get() is null,
// which every libmosquitto *_v5 call accepts as "no properties".
class PropertyList {
  public:
    PropertyList() = default;
    ~PropertyList() { mosquitto_property_free_all(&head_); }
    PropertyList(const PropertyList&) = delete;
    PropertyList& operator=(const PropertyList&) = delete;

    // Where mosquitto_property_add_*() appends.
    mosquitto_property** out() { return &head_; }
    const mosquitto_property* get() const { return head_; }

  private:
    mosquitto_property* head_ = nullptr;
};

// Strings and binary property values libmosquitto hands over with malloc() (the
// mosquitto_property_read_* functions): the caller frees them.
struct FreeDeleter {
    void operator()(void* memory) const { std::free(memory); }
};
template <typename T>
using MallocedPtr = std::unique_ptr<T, FreeDeleter>;

}  // namespace vreglink::mqtt
