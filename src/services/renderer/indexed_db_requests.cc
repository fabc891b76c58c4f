#include "services/renderer/indexed_db_requests.h"

#include <nlohmann/json.hpp>

#include "ipc/string_pairs.h"

namespace nexus::renderer {

using storage::schema::IdbReadKind;

namespace {

std::string Text(const nlohmann::json& object, const char* name) {
  auto it = object.find(name);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

bool Flag(const nlohmann::json& object, const char* name) {
  auto it = object.find(name);
  return it != object.end() && it->is_boolean() && it->get<bool>();
}

uint64_t Number(const nlohmann::json& object, const char* name) {
  auto it = object.find(name);
  return it != object.end() && it->is_number_unsigned() ? it->get<uint64_t>() : 0;
}

void FillRead(const nlohmann::json& json, storage::schema::IdbRead::Builder read) {
  read.setStore(Text(json, "store"));
  read.setIndex(Text(json, "index"));
  auto range = read.initRange();
  range.setLower(Text(json, "lower"));
  range.setUpper(Text(json, "upper"));
  range.setLowerOpen(Flag(json, "lowerOpen"));
  range.setUpperOpen(Flag(json, "upperOpen"));
  read.setReverse(Flag(json, "reverse"));
  read.setUnique(Flag(json, "uniqueCursor"));
  read.setLimit(static_cast<uint32_t>(std::min<uint64_t>(Number(json, "limit"), UINT32_MAX)));
  std::string kind = Text(json, "kind");
  read.setKind(kind == "count"  ? IdbReadKind::COUNT
               : kind == "keys" ? IdbReadKind::KEYS
                                : IdbReadKind::RECORDS);
  read.setAfterKey(Text(json, "afterKey"));
  read.setAfterPrimaryKey(Text(json, "afterPrimaryKey"));
  read.setAfterInclusive(Flag(json, "afterInclusive"));
}

}  // namespace

Status FillIdbRequest(const std::string& text,
                      const std::string& value,
                      ipc::OutgoingMessage& message,
                      storage::schema::IdbRequest::Builder request) {
  auto json = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!json.is_object())
    return Error("an IndexedDB request is not a JSON object");
  request.setDatabase(Text(json, "db"));
  request.setTransaction(Number(json, "tx"));
  std::string op = Text(json, "op");
  if (op == "open") {
    request.setOpen(Number(json, "version"));
  } else if (op == "deleteDatabase") {
    request.setDeleteDatabase();
  } else if (op == "databases") {
    request.setListDatabases();
  } else if (op == "begin") {
    auto begin = request.initBegin();
    begin.setReadWrite(Flag(json, "readWrite"));
    begin.setStrictDurability(Flag(json, "strict"));
  } else if (op == "commit") {
    request.setCommit();
  } else if (op == "abort") {
    request.setAbort();
  } else if (op == "createStore") {
    auto store = request.initCreateStore();
    store.setName(Text(json, "name"));
    store.setKeyPath(Text(json, "keyPath"));
    store.setAutoIncrement(Flag(json, "autoIncrement"));
  } else if (op == "deleteStore") {
    request.setDeleteStore(Text(json, "name"));
  } else if (op == "createIndex" || op == "deleteIndex") {
    auto index = op == "createIndex" ? request.initCreateIndex() : request.initDeleteIndex();
    index.setStore(Text(json, "store"));
    index.setName(Text(json, "name"));
    index.setKeyPath(Text(json, "keyPath"));
    index.setUnique(Flag(json, "unique"));
    index.setMultiEntry(Flag(json, "multiEntry"));
  } else if (op == "put") {
    auto put = request.initPut();
    put.setStore(Text(json, "store"));
    put.setKey(Text(json, "key"));
    put.setOverwrite(Flag(json, "overwrite"));
    auto index_keys = json.find("indexKeys");
    if (index_keys != json.end() && index_keys->is_array()) {
      auto list = put.initIndexKeys(static_cast<unsigned>(index_keys->size()));
      for (size_t i = 0; i < index_keys->size(); ++i) {
        const auto& entry = (*index_keys)[i];
        if (!entry.is_array() || entry.size() != 2 || !entry[0].is_string() || !entry[1].is_array())
          return Error("an IndexedDB put's index keys are malformed");
        auto item = list[static_cast<unsigned>(i)];
        item.setIndex(entry[0].get<std::string>());
        auto keys = item.initKeys(static_cast<unsigned>(entry[1].size()));
        for (size_t k = 0; k < entry[1].size(); ++k)
          keys.set(static_cast<unsigned>(k),
                   entry[1][k].is_string() ? entry[1][k].get<std::string>() : "");
      }
    }
    return message.SetPayload(put.initValue(), value);
  } else if (op == "read") {
    FillRead(json, request.initRead());
  } else if (op == "delete") {
    FillRead(json, request.initDelete());
  } else if (op == "clear") {
    request.setClear(Text(json, "store"));
  } else if (op == "rename") {
    auto rename = request.initRename();
    rename.setStore(Text(json, "store"));
    rename.setIndex(Text(json, "index"));
    rename.setName(Text(json, "name"));
  } else {
    return Error("no IndexedDB request '" + op.substr(0, 50) + "'");
  }
  return OkStatus();
}

web::StorageAnswer IdbAnswerOf(ipc::IncomingMessage& message,
                               storage::schema::IdbResult::Reader result) {
  web::StorageAnswer answer;
  nlohmann::json json = {{"error", result.getError().cStr()},
                         {"version", result.getVersion()},
                         {"oldVersion", result.getOldVersion()},
                         {"upgrade", result.getUpgrade()},
                         {"schema", result.getSchema().cStr()},
                         {"key", result.getKey().cStr()},
                         {"count", result.getCount()}};
  if (result.hasRecords()) {
    auto bytes = message.ReadPayload(result.getRecords());
    auto records = bytes.ok() ? ipc::DecodeStringList(*bytes)
                              : Result<std::vector<std::string>>(bytes.error());
    if (records.ok())
      answer.records = std::move(records).value();
    else
      json["error"] = "UnknownError: " + records.error().message();
  }
  answer.json = json.dump();
  return answer;
}

}  // namespace nexus::renderer
