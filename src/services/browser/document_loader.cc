#include "services/browser/document_loader.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/scoped_fd.h"

namespace nexus::browser {

std::string MimeTypeForPath(const std::string& path) {
  auto ends_with = [&](const char* suffix) {
    std::string s(suffix);
    return path.size() >= s.size() && path.compare(path.size() - s.size(), s.size(), s) == 0;
  };
  if (ends_with(".html") || ends_with(".htm"))
    return "text/html";
  if (ends_with(".txt"))
    return "text/plain";
  if (ends_with(".css"))
    return "text/css";
  if (ends_with(".png"))
    return "image/png";
  if (ends_with(".jpg") || ends_with(".jpeg"))
    return "image/jpeg";
  if (ends_with(".gif"))
    return "image/gif";
  if (ends_with(".webp"))
    return "image/webp";
  if (ends_with(".svg"))
    return "image/svg+xml";
  return "text/html";
}

std::string ErrorPageHtml(const std::string& url, const std::string& error) {
  auto escape = [](const std::string& text) {
    std::string out;
    for (char c : text) {
      switch (c) {
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '&': out += "&amp;"; break;
        case '"': out += "&quot;"; break;
        default: out += c;
      }
    }
    return out;
  };
  return "<!doctype html><html><head><title>Error: " + escape(error.substr(0, 200)) +
         "</title></head><body style=\"font-family: sans-serif; margin: 48px; color: #333\">"
         "<h1 style=\"font-size: 24px\">This page could not be loaded</h1><p>" +
         escape(error) + "</p><p style=\"color: #777\">" + escape(url.substr(0, 2000)) +
         "</p></body></html>";
}

Result<Document> ReadFileDocument(const web::Url& url) {
  std::string path = web::PercentDecode(url.path);
  // O_NONBLOCK: opening a FIFO a page names must not hang main (regular files ignore it).
  ScopedFd fd(open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK));
  if (!fd.valid())
    return ErrnoError("open " + path);
  struct stat st {};
  if (fstat(fd.get(), &st) != 0)
    return ErrnoError("stat " + path);
  if (!S_ISREG(st.st_mode))
    return Error(path + " is not a regular file");
  if (static_cast<uint64_t>(st.st_size) > kMaxDocumentBytes)
    return Error(path + " is " + std::to_string(st.st_size >> 20) + " MiB, over the " +
                 std::to_string(kMaxDocumentBytes >> 20) + " MiB document limit");
  Document document;
  document.mime_type = MimeTypeForPath(path);
  document.bytes.resize(st.st_size);
  size_t done = 0;
  while (done < document.bytes.size()) {
    ssize_t n = read(fd.get(), document.bytes.data() + done, document.bytes.size() - done);
    if (n < 0)
      return ErrnoError("read " + path);
    if (n == 0)
      break;
    done += n;
  }
  document.bytes.resize(done);
  return document;
}

}  // namespace nexus::browser
