// What the address bar makes of what a user types (issue 6: the intent decides navigation or
// search). The AI process's intent model names the intent; without it (AI off, not started
// yet, too slow) a plain rule does, so typing never waits on a model.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "base/result.h"

namespace nexus::browser {

enum class AddressBarIntent { kUrl, kSearch, kQuestion, kCalculation, kCommand };

const char* IntentName(AddressBarIntent intent);
// The intent model's label ("url", "search", ...); nullopt for a label it should not have.
std::optional<AddressBarIntent> IntentFromLabel(std::string_view label);
// A scheme ("https://...", "data:...") or a file's absolute path: an address whatever a
// model would say, as in every browser's address bar.
bool IsExplicitAddress(std::string_view text);
// The rule used without the model: a scheme, or one word that looks like a host (a dot, a
// port, localhost), is a URL; anything else is searched for.
AddressBarIntent GuessIntent(std::string_view text);

// Browser commands typed as words ("reload", "go back"); the rest of what the model calls a
// command is searched for.
enum class TypedCommand { kReload, kBack, kForward };
std::optional<TypedCommand> TypedCommandIn(std::string_view text);

// The URL to open for `text` taken as an address: a scheme is kept; a path is a file:
// URL; localhost and IP addresses get http://, other hosts https://, as browsers complete
// them.
Result<std::string> AddressFromInput(std::string_view text);
// `search_template` with "%s" replaced by the query, form-encoded (spaces as '+').
std::string SearchUrl(const std::string& search_template, std::string_view query);
inline constexpr char kDefaultSearchTemplate[] = "https://duckduckgo.com/?q=%s";
// A template must be an http(s) URL with one "%s".
Status CheckSearchTemplate(const std::string& search_template);

}  // namespace nexus::browser
