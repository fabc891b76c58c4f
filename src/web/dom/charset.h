// A document's bytes as UTF-8 (HTML §13.2.3, the encoding sniffing algorithm, in the parts
// documentation pages need): a byte order mark, else the charset main was told (the
// Content-Type's), else a <meta charset> or <meta http-equiv=Content-Type> in the first
// 1024 bytes, else UTF-8 when the bytes are valid UTF-8 and windows-1252 when not (what
// Chromium guesses for such files here). Labels are the Encoding standard's: iso-8859-1,
// latin1 and us-ascii all mean windows-1252. Encodings other than UTF-8, UTF-16 and
// windows-1252 are read as UTF-8 (their bytes that are not valid UTF-8 show as U+FFFD).
#pragma once

#include <string>
#include <string_view>

namespace nexus::web::dom {

// `content_type`: the response's Content-Type ("text/html; charset=..."), or "".
std::string DecodeToUtf8(std::string_view bytes, std::string_view content_type);

}  // namespace nexus::web::dom
