#include "services/storage/public/sqlite_salvage.h"

#include <stdio.h>

#include <vector>

#include "base/time.h"

namespace nexus::storage {

Result<std::string> SetAsideDamaged(const std::string& path) {
  std::string aside = path + ".corrupt-" + std::to_string(WallClockMillis());
  if (rename(path.c_str(), aside.c_str()) != 0)
    return ErrnoError("set aside the damaged " + path);
  for (const char* log : {"-wal", "-shm"})
    (void)rename((path + log).c_str(), (aside + log).c_str());
  return aside;
}

Salvaged SalvageTables(sqlite3* fresh, const std::string& damaged_path) {
  std::vector<std::string> tables;
  sqlite3_stmt* list = nullptr;
  if (sqlite3_prepare_v2(fresh,
                         "SELECT name FROM main.sqlite_master WHERE type = 'table' AND name NOT "
                         "LIKE 'sqlite_%' ORDER BY rowid",
                         -1, &list, nullptr) == SQLITE_OK) {
    while (sqlite3_step(list) == SQLITE_ROW)
      tables.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(list, 0)));
  }
  sqlite3_finalize(list);
  auto quoted = [](const std::string& text, char quote) {
    std::string out(1, quote);
    for (char c : text)
      out += c == quote ? std::string(2, c) : std::string(1, c);
    return out + quote;
  };
  Salvaged salvaged;
  auto add = [](std::string& to, const std::string& table) {
    to += (to.empty() ? "" : ", ") + table;
  };
  std::string attach = "ATTACH DATABASE " + quoted(damaged_path, '\'') + " AS damaged";
  if (sqlite3_exec(fresh, attach.c_str(), nullptr, nullptr, nullptr) != SQLITE_OK) {
    salvaged.lost = "everything";
    return salvaged;
  }
  for (const std::string& table : tables) {
    std::string name = quoted(table, '"');
    std::string copy = "INSERT OR IGNORE INTO main." + name + " SELECT * FROM damaged." + name;
    bool copied = sqlite3_exec(fresh, copy.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK;
    add(copied ? salvaged.kept : salvaged.lost, table);
  }
  (void)sqlite3_exec(fresh, "DETACH DATABASE damaged", nullptr, nullptr, nullptr);
  return salvaged;
}

std::string Salvaged::Describe() const {
  return "kept: " + (kept.empty() ? std::string("nothing") : kept) +
         "; lost: " + (lost.empty() ? std::string("nothing") : lost);
}

}  // namespace nexus::storage
