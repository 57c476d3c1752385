#include "dbus/service_introspection.h"

#include <fmt/format.h>

#include <iterator>

namespace vreglink::dbus {

namespace {

// The interfaces sd-bus itself answers on every object (Peer is handled before any object
// dispatch) and this handler answers (Introspectable).
constexpr const char* kStandardInterfaces = R"( <interface name="org.freedesktop.DBus.Peer">
  <method name="Ping"/>
  <method name="GetMachineId">
   <arg type="s" name="machine_uuid" direction="out"/>
  </method>
 </interface>
 <interface name="org.freedesktop.DBus.Introspectable">
  <method name="Introspect">
   <arg name="xml_data" type="s" direction="out"/>
  </method>
 </interface>
)";

// The first `count` names of "regid\0data" (names packed as sd-bus vtables spell them).
std::vector<std::string_view> namesOf(const char* packed, std::size_t count) {
    std::vector<std::string_view> out;
    for (const char* p = packed; out.size() < count; p += out.back().size() + 1) {
        out.emplace_back(p);
    }
    return out;
}

// Splits a signature into complete types ("qay" -> "q", "ay"; "a{sa{sv}}" stays whole).
std::vector<std::string_view> typesOf(std::string_view signature) {
    std::vector<std::string_view> out;
    std::size_t start = 0;
    int depth = 0;
    for (std::size_t i = 0; i < signature.size(); ++i) {
        const char c = signature[i];
        if (c == '(' || c == '{') ++depth;
        if (c == ')' || c == '}') --depth;
        if (depth == 0 && c != 'a') {
            out.push_back(signature.substr(start, i + 1 - start));
            start = i + 1;
        }
    }
    return out;
}

void writeArgs(std::string& xml, const char* signature, const char* packedNames,
               const char* direction) {
    // The member tables give one name per complete type.
    const auto types = typesOf(signature);
    const auto names = namesOf(packedNames, types.size());
    for (std::size_t i = 0; i < types.size(); ++i) {
        const std::string_view name = names[i];
        if (direction != nullptr) {
            fmt::format_to(std::back_inserter(xml),
                           "   <arg type=\"{}\" name=\"{}\" direction=\"{}\"/>\n", types[i], name,
                           direction);
        } else {
            fmt::format_to(std::back_inserter(xml), "   <arg type=\"{}\" name=\"{}\"/>\n", types[i],
                           name);
        }
    }
}

void writeInterface(std::string& xml, const std::vector<MemberSpec>& table, unsigned kinds) {
    bool open = false;
    for (const auto& spec : table) {
        if ((spec.kinds & kinds) == 0) continue;
        if (!open) {
            fmt::format_to(std::back_inserter(xml), " <interface name=\"{}\">\n", spec.interface);
            open = true;
        }
        const bool method = spec.handler != nullptr;
        fmt::format_to(std::back_inserter(xml), "  <{} name=\"{}\">\n",
                       method ? "method" : "signal", spec.member);
        if (method) {
            writeArgs(xml, spec.in, spec.inNames, "in");
            writeArgs(xml, spec.out, spec.outNames, "out");
        } else {
            writeArgs(xml, spec.out, spec.outNames, nullptr);
        }
        fmt::format_to(std::back_inserter(xml), "  </{}>\n", method ? "method" : "signal");
    }
    if (open) xml += " </interface>\n";
}

}  // namespace

std::string introspectionXml(const ServiceContext& context, std::string_view path, unsigned kinds) {
    std::string xml =
        "<!DOCTYPE node PUBLIC \"-//freedesktop//DTD D-BUS Object Introspection 1.0//EN\"\n"
        "\"http://www.freedesktop.org/standards/dbus/1.0/introspect.dtd\">\n<node>\n";
    xml += kStandardInterfaces;
    writeInterface(xml, kBusItemMembers, kinds);
    writeInterface(xml, kVregLinkMembers, kinds);
    const std::size_t skip = path == "/" ? 1 : path.size() + 1;
    for (const auto& child : context.childrenOf(path)) {
        fmt::format_to(std::back_inserter(xml), " <node name=\"{}\"/>\n", child.substr(skip));
    }
    xml += "</node>\n";
    return xml;
}

}  // namespace vreglink::dbus
