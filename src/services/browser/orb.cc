#include "services/browser/orb.h"

#include <algorithm>
#include <array>

#include "base/ascii.h"

// Step numbers below are those of "ORB's algorithm" in https://github.com/annevk/orb (the
// text that Fetch PR #1442 upstreams). Where Nexus differs it says "Departure": the JavaScript
// parse of steps 13-14 becomes a sniff of the first bytes for what can never be JavaScript
// (markup, JSON), much as Chromium does; so a response without a MIME type is sniffed too
// instead of being let through (step 12); and font/* is safelisted. Nexus has no media
// elements, so every request is one whose "no-cors media request state" is "N/A".
namespace nexus::browser {
namespace {

using Headers = std::vector<std::pair<std::string, std::string>>;

bool StartsWith(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

bool EndsWith(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

// Fetch's "HTTP whitespace": tab, LF, CR and space, not the \f and \v of TrimAsciiWhitespace.
std::string_view TrimmedHttpWhitespace(std::string_view text) {
  size_t begin = text.find_first_not_of(" \t\r\n");
  if (begin == std::string_view::npos)
    return {};
  return text.substr(begin, text.find_last_not_of(" \t\r\n") - begin + 1);
}

// Callers pass an essence; anything else is cut down to one ("Text/HTML; charset=x" ->
// "text/html"), and what has no '/' is no MIME type at all.
std::string Essence(std::string_view mime_type) {
  std::string essence =
      AsciiLowercase(TrimmedHttpWhitespace(mime_type.substr(0, mime_type.find(';'))));
  return essence.find('/') == std::string::npos ? "" : essence;
}

const std::string* FindHeader(const Headers& headers, std::string_view lower_name) {
  for (const auto& [name, value] : headers) {
    if (EqualsIgnoringAsciiCase(name, lower_name))
      return &value;
  }
  return nullptr;
}

// Fetch, "determine nosniff": the first value of X-Content-Type-Options is "nosniff".
bool DetermineNosniff(const Headers& headers) {
  const std::string* value = FindHeader(headers, "x-content-type-options");
  if (!value)
    return false;
  std::string_view first = std::string_view(*value).substr(0, value->find(','));
  return EqualsIgnoringAsciiCase(TrimmedHttpWhitespace(first), "nosniff");
}

// MIME Sniffing, section 4.6 "MIME type groups".
bool IsJavaScriptMimeType(const std::string& essence) {
  static constexpr std::array<std::string_view, 16> kTypes = {"application/ecmascript",
                                                              "application/javascript",
                                                              "application/x-ecmascript",
                                                              "application/x-javascript",
                                                              "text/ecmascript",
                                                              "text/javascript",
                                                              "text/javascript1.0",
                                                              "text/javascript1.1",
                                                              "text/javascript1.2",
                                                              "text/javascript1.3",
                                                              "text/javascript1.4",
                                                              "text/javascript1.5",
                                                              "text/jscript",
                                                              "text/livescript",
                                                              "text/x-ecmascript",
                                                              "text/x-javascript"};
  return std::find(kTypes.begin(), kTypes.end(), essence) != kTypes.end();
}

bool IsJsonMimeType(const std::string& essence) {
  return essence == "application/json" || essence == "text/json" || EndsWith(essence, "+json");
}

bool IsXmlMimeType(const std::string& essence) {
  return essence == "application/xml" || essence == "text/xml" || EndsWith(essence, "+xml");
}

// An opaque-blocklisted MIME type: HTML, JSON or XML.
bool IsOpaqueBlocklisted(const std::string& essence) {
  return essence == "text/html" || IsJsonMimeType(essence) || IsXmlMimeType(essence);
}

// What an <img>, <script>, style sheet or media element may ask for. Departure: font/* too
// (CSS fetches fonts with CORS, so only a page asking for one otherwise meets this).
bool IsOpaqueSafelisted(const std::string& essence) {
  return IsJavaScriptMimeType(essence) || StartsWith(essence, "audio/") ||
         StartsWith(essence, "image/") || StartsWith(essence, "video/") ||
         StartsWith(essence, "font/") || essence == "application/dash+xml" ||
         essence == "application/ogg" || essence == "application/vnd.apple.mpegurl" ||
         essence == "text/css" || essence == "text/vtt";
}

// The opaque-blocklisted-never-sniffed MIME types: documents and data that no element
// embeds, whatever their bytes look like. The spec's list also names application/dash+xml,
// application/vnd.apple.mpegurl, audio/mpegurl and text/vtt, which the safelist lets through
// first.
bool IsNeverSniffed(const std::string& essence) {
  static constexpr std::array<std::string_view, 35> kTypes = {
      "application/gzip",
      "application/msexcel",
      "application/mspowerpoint",
      "application/msword",
      "application/msword-template",
      "application/pdf",
      "application/vnd.ces-quickpoint",
      "application/vnd.ces-quicksheet",
      "application/vnd.ces-quickword",
      "application/vnd.ms-excel",
      "application/vnd.ms-excel.sheet.macroenabled.12",
      "application/vnd.ms-powerpoint",
      "application/vnd.ms-powerpoint.presentation.macroenabled.12",
      "application/vnd.ms-word",
      "application/vnd.ms-word.document.12",
      "application/vnd.ms-word.document.macroenabled.12",
      "application/vnd.msword",
      "application/vnd.openxmlformats-officedocument.presentationml.presentation",
      "application/vnd.openxmlformats-officedocument.presentationml.template",
      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "application/vnd.openxmlformats-officedocument.spreadsheetml.template",
      "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
      "application/vnd.openxmlformats-officedocument.wordprocessingml.template",
      "application/vnd.presentation-openxml",
      "application/vnd.presentation-openxmlm",
      "application/vnd.spreadsheet-openxml",
      "application/vnd.wordprocessing-openxml",
      "application/x-gzip",
      "application/x-protobuf",
      "application/x-protobuffer",
      "application/zip",
      "multipart/byteranges",
      "multipart/signed",
      "text/event-stream",
      "text/csv",
  };
  return std::find(kTypes.begin(), kTypes.end(), essence) != kTypes.end();
}

// Background Fetch, "validate a partial response" given 0: the range starts at the first byte
// ("Content-Range: bytes 0-99/1000"), so the sniff below sees the start of the resource.
bool StartsAtTheFirstByte(const Headers& headers) {
  const std::string* value = FindHeader(headers, "content-range");
  if (!value)
    return false;
  std::string range = AsciiLowercase(TrimmedHttpWhitespace(*value));
  if (!StartsWith(range, "bytes "))
    return false;
  size_t first = range.find_first_not_of(' ', 6);
  size_t dash = range.find('-', first);
  return first != std::string::npos && dash != std::string::npos && dash > first &&
         range.find_first_not_of('0', first) == dash;
}

// `bytes` matches `pattern`, where '?' in the pattern matches any byte.
bool Matches(std::string_view bytes, std::string_view pattern) {
  if (bytes.size() < pattern.size())
    return false;
  for (size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i] != '?' && pattern[i] != bytes[i])
      return false;
  }
  return true;
}

// MIME Sniffing 6.1, "image type pattern matching algorithm".
bool SniffsAsImage(std::string_view bytes) {
  using namespace std::string_view_literals;
  for (std::string_view pattern :
       {"\x00\x00\x01\x00"sv, "\x00\x00\x02\x00"sv, "BM"sv, "GIF87a"sv, "GIF89a"sv,
        "RIFF????WEBPVP"sv, "\x89PNG\r\n\x1a\n"sv, "\xff\xd8\xff"sv}) {
    if (Matches(bytes, pattern))
      return true;
  }
  return false;
}

// MIME Sniffing 6.2.1, "signature for MP4": an ftyp box naming an "mp4" brand (not AVIF or
// HEIF images, which share the box).
bool SniffsAsMp4(std::string_view bytes) {
  if (bytes.size() < 12 || bytes.substr(4, 4) != "ftyp")
    return false;
  size_t box_size = 0;
  for (size_t i = 0; i < 4; ++i)
    box_size = box_size << 8 | static_cast<unsigned char>(bytes[i]);
  if (bytes.size() < box_size || box_size % 4 != 0)
    return false;
  if (bytes.substr(8, 3) == "mp4")
    return true;
  for (size_t at = 16; at + 3 <= box_size; at += 4) {
    if (bytes.substr(at, 3) == "mp4")
      return true;
  }
  return false;
}

// MIME Sniffing 6.2, "audio or video type pattern matching algorithm", less its MP3-without-ID3
// frame parsing; WebM is recognised by the EBML magic alone (as is Matroska, no matter).
bool SniffsAsAudioOrVideo(std::string_view bytes) {
  using namespace std::string_view_literals;
  for (std::string_view pattern :
       {"FORM????AIFF"sv, "ID3"sv, "OggS\x00"sv, "MThd\x00\x00\x00\x06"sv, "RIFF????AVI "sv,
        "RIFF????WAVE"sv, "\x1a\x45\xdf\xa3"sv}) {
    if (Matches(bytes, pattern))
      return true;
  }
  return SniffsAsMp4(bytes);
}

std::string_view SkipWhitespace(std::string_view text) {
  size_t begin = text.find_first_not_of(" \t\r\n\f");
  return begin == std::string_view::npos ? std::string_view() : text.substr(begin);
}

// The end of the line at `at`: JavaScript's line terminators are LF, CR, U+2028 and U+2029.
size_t EndOfLine(std::string_view text, size_t at) {
  for (; at < text.size(); ++at) {
    if (text[at] == '\n' || text[at] == '\r' || StartsWith(text.substr(at), "\u2028") ||
        StartsWith(text.substr(at), "\u2029"))
      return at;
  }
  return std::string_view::npos;
}

// A JSON object's start, '{' and a string followed by ':': as a script, a syntax error.
bool StartsWithJsonObject(std::string_view text) {
  text = SkipWhitespace(text);
  if (!StartsWith(text, "{"))
    return false;
  text = SkipWhitespace(text.substr(1));
  if (!StartsWith(text, "\""))
    return false;
  for (size_t at = 1; at < text.size(); ++at) {
    if (text[at] == '\\')
      ++at;
    else if (text[at] == '"')
      return StartsWith(SkipWhitespace(text.substr(at + 1)), ":");
  }
  return false;  // the key runs past what was sniffed: in doubt
}

// Departure (replaces steps 13-14, "parses as JavaScript and does not parse as JSON"): what the
// first bytes show can never be JavaScript (nor CSS, nor an image), or "" when in doubt.
// HTML comments are skipped, each with the rest of its line, as JavaScript treats "<!--" as a
// line comment (so "<!-- -->\nscript()" is a script). `labeled_json`: an array is JSON, too.
std::string SniffNonScript(std::string_view bytes, bool labeled_json) {
  if (StartsWith(bytes, "\xef\xbb\xbf"))
    bytes.remove_prefix(3);  // a UTF-8 byte order mark
  bytes = SkipWhitespace(bytes);
  while (StartsWith(bytes, "<!--")) {
    size_t close = bytes.find("-->", 4);
    size_t end = close == std::string_view::npos ? close : EndOfLine(bytes, close + 3);
    if (end == std::string_view::npos)
      return "";
    bytes = SkipWhitespace(bytes.substr(end));
  }
  if (StartsWith(bytes, "<?xml"))
    return "it looks like XML";
  if (StartsWith(bytes, "<"))
    return "it looks like HTML";  // no script or style sheet starts with a tag
  for (std::string_view prefix :
       {")]}'", "{}&&", "{} &&", "for(;;);", "for (;;);", "while(1);", "while (1);"}) {
    if (StartsWith(bytes, prefix))
      return "it starts with a JSON security prefix (" + std::string(prefix) + ")";
  }
  if (StartsWithJsonObject(bytes) ||
      (labeled_json && (StartsWith(bytes, "[") || StartsWith(bytes, "{"))))
    return "it looks like JSON";
  return "";
}

std::string Describe(OrbDestination destination) {
  switch (destination) {
    case OrbDestination::kImage:
      return "an image";
    case OrbDestination::kStylesheet:
      return "a style sheet";
    case OrbDestination::kScript:
      return "a script";
    case OrbDestination::kOther:
      break;
  }
  return "a no-cors request";
}

}  // namespace

OrbDecision DecideOrb(OrbDestination destination,
                      const std::string& mime_type,
                      const Headers& headers,
                      int status,
                      std::string_view body_prefix) {
  // Steps 1-2.
  const std::string essence = Essence(mime_type);
  const bool nosniff = DetermineNosniff(headers);
  const std::string subject = (essence.empty() ? "a response without a MIME type" : essence) +
                              " for " + Describe(destination) + ": ";
  auto allow = [&](const std::string& why) {
    return OrbDecision{OrbVerdict::kAllow, "ORB allowed " + subject + why};
  };
  auto block = [&](const std::string& why) {
    return OrbDecision{OrbVerdict::kBlock, "ORB blocked " + subject + why};
  };

  // Not ORB but Fetch's "should response to request be blocked due to nosniff?", which holds
  // for every request: nosniff scripts and style sheets must be labelled as such.
  if (nosniff && destination == OrbDestination::kScript && !IsJavaScriptMimeType(essence))
    return block("nosniff, and it is not a JavaScript MIME type");
  if (nosniff && destination == OrbDestination::kStylesheet && essence != "text/css")
    return block("nosniff, and it is not text/css");

  // Step 3.
  if (!essence.empty()) {
    if (IsOpaqueSafelisted(essence))
      return allow("an opaque-safelisted MIME type");
    if (IsNeverSniffed(essence))
      return block("a type that is never sniffed");
    if (status == 206 && IsOpaqueBlocklisted(essence))
      return block("a range of an opaque-blocklisted type");
    if (nosniff && (IsOpaqueBlocklisted(essence) || essence == "text/plain"))
      return block("nosniff, and an opaque-blocklisted type or text/plain");
  }
  // Step 4 is for media elements' later range requests; Nexus has no media elements.
  // Step 5.
  if (status == 206 && !StartsAtTheFirstByte(headers))
    return block("a range that does not start at the first byte");
  // Steps 6-8: audio or video goes only to a media element's first request; here none asks.
  std::string_view bytes = body_prefix.substr(0, kOrbSniffBytes);
  if (SniffsAsAudioOrVideo(bytes))
    return block("it sniffs as audio or video, and no media element asked for it");
  // Step 9.
  if (SniffsAsImage(bytes))
    return allow("it sniffs as an image");
  // Step 10.
  if (nosniff)
    return block("nosniff, and it does not sniff as an image");
  // Step 11.
  if (status < 200 || status > 299)
    return block("status " + std::to_string(status) + " is not an ok status");
  // Step 12 would allow a response without a MIME type here, because a JavaScript parse (steps
  // 13-14) would block a style sheet sent without one. Departure: the sniff below blocks no
  // style sheet, so such responses are sniffed too.
  if (std::string why = SniffNonScript(bytes, IsJsonMimeType(essence)); !why.empty())
    return block(why);
  return allow("nothing shows it is not a script");
}

}  // namespace nexus::browser
