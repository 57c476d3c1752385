// org.freedesktop.DBus.Introspectable for the paths of one Venus service, written from the
// same member tables the dispatcher uses (service_dispatch.h), with the path's direct children
// as <node/> entries so `busctl tree` and d-feet walk the whole item tree. Internal.
#pragma once

#include "dbus/service_dispatch.h"

#include <string>
#include <string_view>

namespace vreglink::dbus {

std::string introspectionXml(const ServiceContext& context, std::string_view path, unsigned kinds);

}  // namespace vreglink::dbus
