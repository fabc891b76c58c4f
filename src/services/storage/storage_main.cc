// The storage service process (spec "Storage Service Process"): web storage of every origin,
// in <profile>/storage, the only directory its sandbox lets it write (Landlock).
#include "services/storage/public/storage_main.h"
#include "base/flag_table.h"
#include "base/logging.h"
#include "process/child_process.h"
#include "services/storage/storage_service.h"

namespace nexus::storage {
namespace {

std::string& StorageDirectory() {
  static std::string directory;
  return directory;
}

int64_t& QuotaMegabytes() {
  static int64_t megabytes = 1024;
  return megabytes;
}

}  // namespace

Status ReadSwitches(const std::vector<std::string>& args) {
  FlagTable switches;
  switches.Text("--sandbox-storage-dir", "DIR", "where web storage lives", StorageDirectory());
  switches.Number("--storage-quota-mb", "N", "each origin's quota", 1, 1 << 20, QuotaMegabytes());
  if (auto rest = switches.Parse(args, /*ignore_unknown=*/true); !rest.ok())
    return rest.error();
  return OkStatus();  // without a directory every request fails, saying so
}

int StorageMain(uint32_t id, ScopedFd channel) {
  return process::RunChildProcess(
      process::ProcessType::STORAGE, id, std::move(channel), [](process::ChildProcess& child) {
        ConfigureSqliteForSandbox();
        auto service = std::make_shared<StorageService>(
            StorageDirectory(), uint64_t(QuotaMegabytes()) << 20,
            [&child](ipc::OutgoingMessage& message, uint64_t request_id) {
              if (auto status = child.Send(message, request_id); !status.ok())
                LOG(Error) << status.error().message();
            },
            [&child](std::function<void()> task) { child.loop().Post(std::move(task)); });
        child.set_message_handler(
            [service](ipc::IncomingMessage& message) { service->OnMessage(message); });
        return OkStatus();
      });
}

}  // namespace nexus::storage
