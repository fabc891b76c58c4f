// Fetches documents for main. Renderers never read files or open sockets: main reads file://
// itself and asks the network service for the rest (data: now; http(s) with the network
// service's HTTP support).
#pragma once

#include <string>

#include "base/result.h"
#include "services/browser/cors.h"
#include "web/url/url.h"

namespace nexus::browser {

struct Document {
  std::string mime_type;
  std::string bytes;
  int status = 200;    // HTTP's, for what came over HTTP
  HeaderList headers;  // the response's, names in lower case (what a fetch() may read)
};

// A form's POST: the encoded body and its Content-Type.
struct FormPost {
  std::string body;
  std::string content_type;
};

// The largest document main hands to a renderer.
inline constexpr size_t kMaxDocumentBytes = 64 * 1024 * 1024;

Result<Document> ReadFileDocument(const web::Url& url);
// The page a tab shows when `url` could not be loaded: the cause, escaped.
std::string ErrorPageHtml(const std::string& url, const std::string& error);
std::string MimeTypeForPath(const std::string& path);

}  // namespace nexus::browser
