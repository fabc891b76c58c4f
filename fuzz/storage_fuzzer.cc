// What storage reads from less trusted hands: the string lists a payload carries (decoded by
// renderers and main), the IndexedDB request JSON a page's script builds (the renderer turns
// it into a typed message), number keys (the storage service reads them for key generators)
// and the origin text that names a directory.
#include <cstdint>
#include <string>

#include "ipc/message.h"
#include "ipc/string_pairs.h"
#include "services/renderer/indexed_db_requests.h"
#include "services/storage/indexed_db.h"
#include "services/storage/origin_database.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  (void)nexus::ipc::DecodeStringPairs(text);
  (void)nexus::ipc::DecodeStringList(text);
  nexus::ipc::OutgoingMessage message;
  auto request = message.Init<nexus::storage::schema::IdbRequest>();
  (void)nexus::renderer::FillIdbRequest(text, "value", message, request);
  if (auto number = nexus::storage::DecodeNumberKey(text))
    (void)nexus::storage::EncodeNumberKey(*number);
  std::string directory = nexus::storage::OriginDatabase::DirectoryName(text);
  if (directory.find('/') != std::string::npos || directory == "." || directory == "..")
    __builtin_trap();  // an origin must never name a path outside the storage directory
  return 0;
}
