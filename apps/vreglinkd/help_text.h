// vreglinkd --help: complete enough to stand in for the man page (packaging/vreglinkd.8).
#pragma once

#include <string>

namespace vreglink::daemon {

std::string helpDescription();
std::string helpFooter();

}  // namespace vreglink::daemon
