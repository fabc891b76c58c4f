// An origin's localStorage area in its database: read whole (a page loads it once and keeps it
// in memory, as Chromium's renderers do), written one change at a time, each its own
// transaction, with the quota checked against the area's size.
#pragma once

#include <string>

#include "ipc/string_pairs.h"
#include "services/storage/origin_database.h"
#include "services/storage/public/storage.capnp.h"
#include "services/storage/public/storage_area.h"

namespace nexus::storage {

// The origin's localStorage file, and the table it holds.
inline constexpr char kLocalStorageFile[] = "local_storage.db";
const std::vector<const char*>& LocalStorageSchema();

Result<ipc::StringPairs> ReadLocalStorage(OriginDatabase& database);

// setItem / removeItem / clear; an error over the quota starts "QuotaExceededError".
Result<AreaChange> WriteLocalStorage(OriginDatabase& database,
                                     schema::AreaOperation operation,
                                     const std::string& key,
                                     const std::string& value);

}  // namespace nexus::storage
