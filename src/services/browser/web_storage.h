// Storage for pages: the HTML standard's localStorage and sessionStorage, IndexedDB, and
// navigator.storage.estimate(). Main names the origin, from the document it sent the tab,
// never from what a renderer says. sessionStorage is the tab's, kept here (it outlives reloads
// and renderer crashes, not the tab); localStorage goes to the storage service, and each
// committed change becomes a storage event in the origin's other tabs, with the old value the
// service found. IndexedDB requests go to the storage service with the origin and main's id
// of the page's document, whose transactions end with it.
#pragma once

#include <functional>
#include <set>
#include <string>

#include "ipc/message.h"
#include "process/process_manager.h"
#include "services/browser/storage_client.h"
#include "services/browser/tabs.h"

namespace nexus::browser {

// The origin whose storage a page at `url` uses: http(s) origins, and one for every file (as
// Chromium's file:// pages share one); pages with an opaque origin (data:) have none.
Result<std::string> StorageOriginOf(const std::string& url);

class WebStorage {
 public:
  // `quota_bytes`: what navigator.storage.estimate() says each origin may keep (the storage
  // service enforces it).
  WebStorage(process::ProcessManager& manager,
             Tabs& tabs,
             StorageClient& storage,
             uint64_t quota_bytes)
      : manager_(manager), tabs_(tabs), storage_(storage), quota_bytes_(quota_bytes) {}

  // RendererToBrowser.openStorage: answered with storageOpened under its request id.
  void OnOpen(process::ProcessHost& renderer, ipc::IncomingMessage& message);
  // RendererToBrowser.writeStorage.
  void OnWrite(process::ProcessHost& renderer, ipc::IncomingMessage& message);
  // RendererToBrowser.indexedDb: answered with idbResult under its request id.
  void OnIndexedDb(process::ProcessHost& renderer, ipc::IncomingMessage& message);
  // RendererToBrowser.estimateStorage: answered with storageEstimate.
  void OnEstimate(process::ProcessHost& renderer, ipc::IncomingMessage& message);
  // A page's document is gone: its IndexedDB transactions are rolled back.
  void OnDocumentGone(uint64_t document_id);

  // clear-site-data: the origin's storage on disk, and its sessionStorage in every tab; the
  // bytes its files took.
  void ClearOrigin(const std::string& origin, std::function<void(Result<uint64_t>)> done);

 private:
  void ReplyOpened(uint32_t renderer_id,
                   uint32_t tab_id,
                   uint64_t request_id,
                   Result<std::string> entries);
  // A committed localStorage change, to the origin's tabs but `source`.
  void SendStorageEvent(uint32_t source_tab,
                        const std::string& origin,
                        const std::string& source_url,
                        const std::string& key,
                        bool cleared,
                        const std::optional<std::string>& old_value,
                        const std::optional<std::string>& new_value);

  // To the origin's other pages that use IndexedDB: `database` was upgraded (or deleted: 0).
  void SendVersionChange(uint32_t source_tab,
                         const std::string& origin,
                         const std::string& database,
                         uint64_t old_version,
                         uint64_t new_version);
  void ReplyIdb(uint32_t renderer_id, uint32_t tab_id, uint64_t request_id, StorageAnswer answer);

  process::ProcessManager& manager_;
  Tabs& tabs_;
  StorageClient& storage_;
  uint64_t quota_bytes_;
  std::set<uint64_t> idb_pages_;  // documents that used IndexedDB
};

}  // namespace nexus::browser
