// IndexedDB requests between a page's prelude and main: the JSON the prelude builds
// (prelude_indexeddb.cc) becomes a typed IdbRequest, and the storage service's IdbResult
// becomes the JSON and records the prelude reads. The renderer checks the JSON's shape; main
// and the storage service check what matters to them.
#pragma once

#include <string>

#include "base/result.h"
#include "ipc/message.h"
#include "services/storage/public/storage.capnp.h"
#include "web/js/script_engine.h"

namespace nexus::renderer {

Status FillIdbRequest(const std::string& json,
                      const std::string& value,
                      ipc::OutgoingMessage& message,
                      storage::schema::IdbRequest::Builder request);

web::StorageAnswer IdbAnswerOf(ipc::IncomingMessage& message,
                               storage::schema::IdbResult::Reader result);

}  // namespace nexus::renderer
