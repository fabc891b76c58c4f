// Damaged SQLite databases, handled one way for the profile (main) and for web storage (the
// storage service): the file is moved aside with the time in its name, kept for a person to
// look at, and what it still gives is copied into a fresh database, table by table.
#pragma once

#include <sqlite3.h>

#include <string>

#include "base/result.h"

namespace nexus::storage {

// Renames `path` and its -wal and -shm files to `<path>.corrupt-<ms since 1970>` (and that
// name's -wal and -shm: the log is part of the damaged database); the new name.
Result<std::string> SetAsideDamaged(const std::string& path);

struct Salvaged {
  std::string kept;  // the tables copied whole, "settings, bookmarks"
  std::string lost;  // those that could not be read whole: their rows are not guessed at
  std::string Describe() const;  // "kept: ...; lost: ..."
};
// Copies each table of `fresh` (its schema made already) from the same table of the database
// at `damaged_path`, rows `fresh` has already win.
Salvaged SalvageTables(sqlite3* fresh, const std::string& damaged_path);

}  // namespace nexus::storage
