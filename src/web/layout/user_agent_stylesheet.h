// The user-agent stylesheet: Debian's litehtml ships none (DESIGN.md §9), so this is ours,
// after the HTML standard's "Rendering" section, limited to what litehtml understands.
#pragma once

namespace nexus::web {

extern const char kUserAgentStylesheet[];

}  // namespace nexus::web
