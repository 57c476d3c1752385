#include "mqtt/mosquitto_library.h"

#include <mosquitto.h>

namespace vreglink::mqtt {
namespace {

struct MosquittoLibrary {
    MosquittoLibrary() { mosquitto_lib_init(); }
    ~MosquittoLibrary() { mosquitto_lib_cleanup(); }
    MosquittoLibrary(const MosquittoLibrary&) = delete;
    MosquittoLibrary& operator=(const MosquittoLibrary&) = delete;
};

}  // namespace

void ensureMosquittoLibrary() {
    // A function-local static: initialised on first use, destroyed at exit after every client
    // (clients are owned by objects that die before statics do).
    static const MosquittoLibrary library;
}

}  // namespace vreglink::mqtt
