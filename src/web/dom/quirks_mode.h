// Which mode a document's doctype puts it in (HTML §13.2.6.4.1, "the initial insertion
// mode"): gumbo's own answer misses most of the standard's list (a "-//W3C//DTD HTML 4.01
// Transitional//EN" doctype without a system identifier is quirks in every browser).
#pragma once

#include <string_view>

namespace nexus::web::dom {

enum class QuirksMode { kNoQuirks, kLimitedQuirks, kQuirks };

// `has_doctype` false: no doctype at all, which is quirks.
QuirksMode QuirksModeOf(bool has_doctype,
                        std::string_view name,
                        std::string_view public_id,
                        std::string_view system_id,
                        bool has_system_id);

}  // namespace nexus::web::dom
