// An origin's database in the storage service (services/storage/origin_database.h) and its
// localStorage area (local_storage.h): what is written is there after reopening, the quota
// holds, files are named safely, and a damaged file is set aside instead of used.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>

#include "services/storage/indexed_db.h"
#include "services/storage/local_storage.h"
#include "services/storage/origin_database.h"
#include "temp_dir.h"

namespace nexus::storage {
namespace {

using schema::AreaOperation;

class StorageDatabase : public ::testing::Test {
 protected:
  void SetUp() override { directory_ = testing::MakeTempDir("storage"); }
  std::unique_ptr<OriginDatabase> Open(const std::string& origin,
                                       std::string* set_aside = nullptr) {
    auto database = OriginDatabase::Open(directory_, origin, kLocalStorageFile,
                                         LocalStorageSchema(), set_aside);
    EXPECT_TRUE(database.ok()) << database.error().message();
    return database.ok() ? std::move(database).value() : nullptr;
  }
  // A file of `origin`'s directory.
  std::string PathOf(const std::string& origin, const std::string& file) const {
    return directory_ + "/" + OriginDatabase::DirectoryName(origin) + "/" + file;
  }
  bool Exists(const std::string& path) const { return access(path.c_str(), F_OK) == 0; }
  std::string directory_;
};

TEST_F(StorageDatabase, WritesAreThereWhenTheDatabaseIsOpenedAgain) {
  {
    auto database = Open("https://a.test");
    ASSERT_TRUE(database);
    ASSERT_TRUE(WriteLocalStorage(*database, AreaOperation::SET, "b", "2").ok());
    ASSERT_TRUE(WriteLocalStorage(*database, AreaOperation::SET, "a", "1").ok());
    auto replaced = WriteLocalStorage(*database, AreaOperation::SET, "a", "one");
    ASSERT_TRUE(replaced.ok());
    EXPECT_EQ(replaced->old_value, "1");
    EXPECT_FALSE(WriteLocalStorage(*database, AreaOperation::SET, "a", "one")->changed);
    EXPECT_FALSE(WriteLocalStorage(*database, AreaOperation::REMOVE, "zz", "")->changed);
  }
  auto database = Open("https://a.test");
  ASSERT_TRUE(database);
  auto entries = ReadLocalStorage(*database);
  ASSERT_TRUE(entries.ok());
  EXPECT_EQ(*entries, (ipc::StringPairs{{"a", "one"}, {"b", "2"}}));
  EXPECT_EQ(WriteLocalStorage(*database, AreaOperation::REMOVE, "b", "")->old_value, "2");
  EXPECT_TRUE(WriteLocalStorage(*database, AreaOperation::CLEAR, "", "")->changed);
  EXPECT_TRUE(ReadLocalStorage(*database)->empty());
  // Another origin's database is another file: it saw none of this.
  auto other = Open("https://b.test");
  ASSERT_TRUE(other);
  EXPECT_NE(other->path(), database->path());
}

TEST_F(StorageDatabase, TheQuotaCountsWhatIsStoredAcrossReopening) {
  {
    auto database = Open("http://q.test:8080");
    ASSERT_TRUE(database);
    ASSERT_TRUE(WriteLocalStorage(*database, AreaOperation::SET, "big",
                                  std::string(kStorageAreaQuotaUnits - 3, 'x'))
                    .ok());
  }
  auto database = Open("http://q.test:8080");
  ASSERT_TRUE(database);
  auto over = WriteLocalStorage(*database, AreaOperation::SET, "k", "v");
  ASSERT_FALSE(over.ok());
  EXPECT_EQ(over.error().message().rfind("QuotaExceededError", 0), 0u) << over.error().message();
  EXPECT_FALSE(database->damaged());
  EXPECT_TRUE(WriteLocalStorage(*database, AreaOperation::SET, "big", "small").ok());
  EXPECT_TRUE(WriteLocalStorage(*database, AreaOperation::SET, "k", "v").ok());
}

TEST_F(StorageDatabase, DirectoryNamesAreOneToOneAndStayInTheirParent) {
  EXPECT_EQ(OriginDatabase::DirectoryName("https://a.test:8443"), "https%3A%2F%2Fa.test%3A8443");
  EXPECT_EQ(OriginDatabase::DirectoryName("file://"), "file%3A%2F%2F");
  EXPECT_NE(OriginDatabase::DirectoryName("http://a_b"),
            OriginDatabase::DirectoryName("http://a%5Fb"));
  EXPECT_EQ(OriginDatabase::DirectoryName("http://../../etc").find('/'), std::string::npos);
  EXPECT_EQ(OriginDatabase::DirectoryName(".."), "%2E.");
}

TEST_F(StorageDatabase, AFileThatIsNoDatabaseIsSetAsideAndANewOneStarts) {
  std::string path = PathOf("https://c.test", kLocalStorageFile);
  ASSERT_EQ(
      mkdir((directory_ + "/" + OriginDatabase::DirectoryName("https://c.test")).c_str(), 0700), 0);
  std::ofstream(path) << std::string(8192, 'G');
  std::string set_aside;
  auto database = Open("https://c.test", &set_aside);
  ASSERT_TRUE(database);
  size_t named = set_aside.find("set aside as " + path + ".corrupt-");
  ASSERT_NE(named, std::string::npos) << set_aside;
  std::string aside = set_aside.substr(named + 13, set_aside.find(';', named) - named - 13);
  EXPECT_TRUE(Exists(aside)) << aside;
  EXPECT_NE(set_aside.find("kept: nothing"), std::string::npos) << set_aside;
  EXPECT_TRUE(ReadLocalStorage(*database)->empty());
  EXPECT_TRUE(WriteLocalStorage(*database, AreaOperation::SET, "k", "v").ok());
}

TEST_F(StorageDatabase, DamageInsideAValidFileIsFoundByTheCheckAndSetAside) {
  std::string path;
  {
    auto database = Open("https://d.test");
    ASSERT_TRUE(database);
    path = database->path();
    for (int i = 0; i < 200; ++i)
      ASSERT_TRUE(WriteLocalStorage(*database, AreaOperation::SET, "key" + std::to_string(i),
                                    std::string(500, 'v'))
                      .ok());
    ASSERT_TRUE(database->Execute("PRAGMA wal_checkpoint(TRUNCATE)").ok());
  }
  struct stat info {};
  ASSERT_EQ(stat(path.c_str(), &info), 0);
  ASSERT_GT(info.st_size, 3 * 4096);
  {
    // Scribble over the second and third pages (the table's tree), keeping the header valid.
    std::fstream file(path, std::ios::in | std::ios::out | std::ios::binary);
    file.seekp(4096);
    std::string junk(8192, '\x5a');
    file.write(junk.data(), static_cast<std::streamsize>(junk.size()));
  }
  std::string set_aside;
  auto database = Open("https://d.test", &set_aside);
  ASSERT_TRUE(database);
  EXPECT_NE(set_aside.find("set aside"), std::string::npos) << set_aside;
  EXPECT_TRUE(ReadLocalStorage(*database)->empty());
}

// What a damaged database still gives is kept: the table whose pages were scribbled over is
// lost, the others come over whole.
TEST_F(StorageDatabase, TheTablesADamagedDatabaseStillGivesAreSalvaged) {
  std::string path;
  int records_root = 0;
  {
    auto database = OriginDatabase::Open(directory_, "https://f.test", kIndexedDbFile,
                                         IndexedDbSchema(), nullptr);
    ASSERT_TRUE(database.ok());
    path = (*database)->path();
    ASSERT_TRUE(
        (*database)->Execute("INSERT INTO databases(id, name, version) VALUES(1, 'kept', 3)").ok());
    for (int i = 0; i < 300; ++i) {
      std::string insert = "INSERT INTO records(store, key, value) VALUES(1, 'k" +
                           std::to_string(i) + "', x'" + std::string(400, 'a') + "')";
      ASSERT_TRUE((*database)->Execute(insert.c_str()).ok());
    }
    ASSERT_TRUE((*database)->Execute("PRAGMA wal_checkpoint(TRUNCATE)").ok());
    SqlStatement root((*database)->handle(),
                      "SELECT rootpage FROM sqlite_master WHERE name = 'records'");
    ASSERT_EQ(root.Step(), SQLITE_ROW);
    records_root = static_cast<int>(root.NumberAt(0));
  }
  {
    std::fstream file(path, std::ios::in | std::ios::out | std::ios::binary);
    file.seekp(static_cast<std::streamoff>(records_root - 1) * 4096);
    std::string junk(4096, '\x5a');
    file.write(junk.data(), static_cast<std::streamsize>(junk.size()));
  }
  std::string set_aside;
  auto database = OriginDatabase::Open(directory_, "https://f.test", kIndexedDbFile,
                                       IndexedDbSchema(), &set_aside);
  ASSERT_TRUE(database.ok()) << database.error().message();
  EXPECT_NE(set_aside.find("kept: databases"), std::string::npos) << set_aside;
  EXPECT_NE(set_aside.find("lost: records"), std::string::npos) << set_aside;
  SqlStatement kept((*database)->handle(), "SELECT name, version FROM databases");
  ASSERT_EQ(kept.Step(), SQLITE_ROW);
  EXPECT_EQ(kept.TextAt(0), "kept");
  EXPECT_EQ(kept.NumberAt(1), 3);
}

TEST_F(StorageDatabase, DeletingAnOriginRemovesItsFilesAndSaysHowMuchTheyTook) {
  {
    auto database = Open("https://e.test");
    ASSERT_TRUE(database);
    ASSERT_TRUE(
        WriteLocalStorage(*database, AreaOperation::SET, "k", std::string(10000, 'v')).ok());
  }
  auto bytes = OriginDatabase::Delete(directory_, "https://e.test");
  ASSERT_TRUE(bytes.ok()) << bytes.error().message();
  EXPECT_GT(*bytes, 10000u);
  EXPECT_FALSE(Exists(PathOf("https://e.test", kLocalStorageFile)));
  EXPECT_FALSE(Exists(directory_ + "/" + OriginDatabase::DirectoryName("https://e.test")));
  EXPECT_EQ(*OriginDatabase::Delete(directory_, "https://never.test"), 0u);
}

}  // namespace
}  // namespace nexus::storage
