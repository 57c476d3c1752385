// libmosquitto wants mosquitto_lib_init() once per process before any client exists (it sets up
// OpenSSL and the random source) and mosquitto_lib_cleanup() after the last one. Internal to the
// mqtt module.
#pragma once

namespace vreglink::mqtt {

// Idempotent; the cleanup runs at process exit.
void ensureMosquittoLibrary();

}  // namespace vreglink::mqtt
