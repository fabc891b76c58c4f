#include "services/browser/address_bar.h"

#include <algorithm>
#include <cctype>

#include "base/ascii.h"
#include "web/url/url.h"

namespace nexus::browser {
namespace {

// Space, tab, CR and LF only: a \f or \v is kept (and web::ParseUrl rejects it).
std::string Trimmed(std::string_view text) {
  size_t begin = text.find_first_not_of(" \t\r\n");
  size_t end = text.find_last_not_of(" \t\r\n");
  return begin == std::string_view::npos ? "" : std::string(text.substr(begin, end - begin + 1));
}

bool HasScheme(const std::string& text) {
  size_t colon = text.find(':');
  if (colon == std::string::npos || colon == 0)
    return false;
  std::string scheme = AsciiLowercase(text.substr(0, colon));
  return (web::IsLoadableScheme(scheme) || scheme == "nexus") &&
         std::all_of(scheme.begin(), scheme.end(), [](char c) { return std::isalpha(c); });
}

// "localhost", "127.0.0.1", "[::1]" (with or without a port): completed with http://.
bool IsLocalHost(const std::string& host_and_rest) {
  std::string host = AsciiLowercase(host_and_rest.substr(0, host_and_rest.find_first_of(":/?#")));
  if (host == "localhost" || host_and_rest.rfind("[", 0) == 0)
    return true;
  return !host.empty() && std::all_of(host.begin(), host.end(), [](char c) {
    return std::isdigit(static_cast<unsigned char>(c)) || c == '.';
  });
}

}  // namespace

const char* IntentName(AddressBarIntent intent) {
  switch (intent) {
    case AddressBarIntent::kUrl: return "url";
    case AddressBarIntent::kSearch: return "search";
    case AddressBarIntent::kQuestion: return "question";
    case AddressBarIntent::kCalculation: return "calculation";
    case AddressBarIntent::kCommand: return "command";
  }
  return "search";
}

std::optional<AddressBarIntent> IntentFromLabel(std::string_view label) {
  for (AddressBarIntent intent :
       {AddressBarIntent::kUrl, AddressBarIntent::kSearch, AddressBarIntent::kQuestion,
        AddressBarIntent::kCalculation, AddressBarIntent::kCommand}) {
    if (label == IntentName(intent))
      return intent;
  }
  return std::nullopt;
}

bool IsExplicitAddress(std::string_view text) {
  std::string input = Trimmed(text);
  return HasScheme(input) || (!input.empty() && input[0] == '/');
}

AddressBarIntent GuessIntent(std::string_view text) {
  std::string input = Trimmed(text);
  if (IsExplicitAddress(input))
    return AddressBarIntent::kUrl;
  if (input.empty() || input.find_first_of(" \t") != std::string::npos)
    return AddressBarIntent::kSearch;
  std::string host = AsciiLowercase(input.substr(0, input.find_first_of("/?#")));
  bool has_port = host.find(':') != std::string::npos;
  size_t dot = host.find('.');
  bool dotted = dot != std::string::npos && dot > 0 && host.back() != '.';
  return dotted || has_port || host == "localhost" ? AddressBarIntent::kUrl
                                                   : AddressBarIntent::kSearch;
}

std::optional<TypedCommand> TypedCommandIn(std::string_view text) {
  std::string words = AsciiLowercase(Trimmed(text));
  if (words == "reload" || words == "refresh" || words == "reload the page" ||
      words == "refresh the page")
    return TypedCommand::kReload;
  if (words == "back" || words == "go back")
    return TypedCommand::kBack;
  if (words == "forward" || words == "go forward")
    return TypedCommand::kForward;
  return std::nullopt;
}

Result<std::string> AddressFromInput(std::string_view text) {
  std::string input = Trimmed(text);
  if (input.empty() || input.find_first_of(" \t") != std::string::npos)
    return Error("'" + input + "' is not an address");
  if (input[0] == '/') {
    // A file's absolute path, as a browser's address bar takes it.
    ASSIGN_OR_RETURN(web::Url url, web::UrlFromUserInput(input));
    return url.spec;
  }
  if (!HasScheme(input))
    input = (IsLocalHost(input) ? "http://" : "https://") + input;
  ASSIGN_OR_RETURN(web::Url url, web::ParseUrl(input));
  return url.spec;
}

std::string SearchUrl(const std::string& search_template, std::string_view query) {
  static const char kHex[] = "0123456789ABCDEF";
  std::string encoded;
  for (unsigned char c : Trimmed(query)) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      encoded += static_cast<char>(c);
    } else if (c == ' ') {
      encoded += '+';
    } else {
      encoded += '%';
      encoded += kHex[c >> 4];
      encoded += kHex[c & 15];
    }
  }
  std::string url = search_template;
  size_t at = url.find("%s");
  return at == std::string::npos ? url : url.replace(at, 2, encoded);
}

Status CheckSearchTemplate(const std::string& search_template) {
  size_t at = search_template.find("%s");
  if (at == std::string::npos || search_template.find("%s", at + 2) != std::string::npos)
    return Error("search URL '" + search_template + "' needs exactly one %s for the query");
  auto url = web::ParseUrl(SearchUrl(search_template, "q"));
  if (!url.ok() || (url->scheme != "http" && url->scheme != "https"))
    return Error("search URL '" + search_template + "' is not an http(s) URL");
  return OkStatus();
}

}  // namespace nexus::browser
