#include "web/dom/quirks_mode.h"

#include "base/ascii.h"

namespace nexus::web::dom {
namespace {

// The standard's list of public identifier prefixes that mean quirks mode.
constexpr std::string_view kQuirksPrefixes[] = {
    "+//silmaril//dtd html pro v0r11 19970101//",
    "-//as//dtd html 3.0 aswedit + extensions//",
    "-//advasoft ltd//dtd html 3.0 aswedit + extensions//",
    "-//ietf//dtd html 2.0 level 1//",
    "-//ietf//dtd html 2.0 level 2//",
    "-//ietf//dtd html 2.0 strict level 1//",
    "-//ietf//dtd html 2.0 strict level 2//",
    "-//ietf//dtd html 2.0 strict//",
    "-//ietf//dtd html 2.0//",
    "-//ietf//dtd html 2.1e//",
    "-//ietf//dtd html 3.0//",
    "-//ietf//dtd html 3.2 final//",
    "-//ietf//dtd html 3.2//",
    "-//ietf//dtd html 3//",
    "-//ietf//dtd html level 0//",
    "-//ietf//dtd html level 1//",
    "-//ietf//dtd html level 2//",
    "-//ietf//dtd html level 3//",
    "-//ietf//dtd html strict level 0//",
    "-//ietf//dtd html strict level 1//",
    "-//ietf//dtd html strict level 2//",
    "-//ietf//dtd html strict level 3//",
    "-//ietf//dtd html strict//",
    "-//ietf//dtd html//",
    "-//metrius//dtd metrius presentational//",
    "-//microsoft//dtd internet explorer 2.0 html strict//",
    "-//microsoft//dtd internet explorer 2.0 html//",
    "-//microsoft//dtd internet explorer 2.0 tables//",
    "-//microsoft//dtd internet explorer 3.0 html strict//",
    "-//microsoft//dtd internet explorer 3.0 html//",
    "-//microsoft//dtd internet explorer 3.0 tables//",
    "-//netscape comm. corp.//dtd html//",
    "-//netscape comm. corp.//dtd strict html//",
    "-//o'reilly and associates//dtd html 2.0//",
    "-//o'reilly and associates//dtd html extended 1.0//",
    "-//o'reilly and associates//dtd html extended relaxed 1.0//",
    "-//sq//dtd html 2.0 hotmetal + extensions//",
    "-//softquad software//dtd hotmetal pro 6.0::19990601::extensions to html 4.0//",
    "-//softquad//dtd hotmetal pro 4.0::19971010::extensions to html 4.0//",
    "-//spyglass//dtd html 2.0 extended//",
    "-//sun microsystems corp.//dtd hotjava html//",
    "-//sun microsystems corp.//dtd hotjava strict html//",
    "-//w3c//dtd html 3 1995-03-24//",
    "-//w3c//dtd html 3.2 draft//",
    "-//w3c//dtd html 3.2 final//",
    "-//w3c//dtd html 3.2//",
    "-//w3c//dtd html 3.2s draft//",
    "-//w3c//dtd html 4.0 frameset//",
    "-//w3c//dtd html 4.0 transitional//",
    "-//w3c//dtd html experimental 19960712//",
    "-//w3c//dtd html experimental 970421//",
    "-//w3c//dtd w3 html//",
    "-//w3o//dtd w3 html 3.0//",
    "-//webtechs//dtd mozilla html 2.0//",
    "-//webtechs//dtd mozilla html//",
};

bool StartsWith(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

}  // namespace

QuirksMode QuirksModeOf(bool has_doctype,
                        std::string_view name,
                        std::string_view public_id,
                        std::string_view system_id,
                        bool has_system_id) {
  if (!has_doctype)
    return QuirksMode::kQuirks;
  std::string lower_public = AsciiLowercase(public_id);
  std::string lower_system = AsciiLowercase(system_id);
  if (AsciiLowercase(name) != "html" || lower_public == "-//w3o//dtd w3 html strict 3.0//en//" ||
      lower_public == "-/w3c/dtd html 4.0 transitional/en" || lower_public == "html" ||
      lower_system == "http://www.ibm.com/data/dtd/v11/ibmxhtml1-transitional.dtd")
    return QuirksMode::kQuirks;
  for (std::string_view prefix : kQuirksPrefixes) {
    if (StartsWith(lower_public, prefix))
      return QuirksMode::kQuirks;
  }
  bool html401_loose = StartsWith(lower_public, "-//w3c//dtd html 4.01 frameset//") ||
                       StartsWith(lower_public, "-//w3c//dtd html 4.01 transitional//");
  if (html401_loose && !has_system_id)
    return QuirksMode::kQuirks;
  if (StartsWith(lower_public, "-//w3c//dtd xhtml 1.0 frameset//") ||
      StartsWith(lower_public, "-//w3c//dtd xhtml 1.0 transitional//") || html401_loose)
    return QuirksMode::kLimitedQuirks;
  return QuirksMode::kNoQuirks;
}

}  // namespace nexus::web::dom
