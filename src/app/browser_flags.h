// The flags of a browser, and of the one-shot commands (which run one): one table, from which
// parsing and `nexus --help` come.
#pragma once

#include "base/flag_table.h"
#include "services/browser/main_process.h"

namespace nexus::app {

// Adds the browser's flags, which fill `options`. `with_profile`: false for a command whose
// --profile means something else (`nexus related` reads that profile's history).
void AddBrowserFlags(FlagTable& table, browser::BrowserOptions& options, bool with_profile = true);

// What no single flag can check: flags that contradict each other.
Status CheckBrowserOptions(const browser::BrowserOptions& options);

}  // namespace nexus::app
