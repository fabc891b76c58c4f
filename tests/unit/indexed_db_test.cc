// IndexedDB in the storage service (services/storage/indexed_db.h, indexed_db_tables.h):
// number keys sort as numbers, writes that break a constraint change nothing, key generators
// and cursors' positions, and transactions of an origin run one at a time in order.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>

#include "services/storage/indexed_db.h"
#include "services/storage/indexed_db_tables.h"
#include "temp_dir.h"

namespace nexus::storage {
namespace {

using schema::IdbRequest;

class IndexedDbTest : public ::testing::Test {
 protected:
  void SetUp() override {
    directory_ = testing::MakeTempDir("idb");
    auto db = OriginDatabase::Open(directory_, "https://a.test", kIndexedDbFile, IndexedDbSchema(),
                                   nullptr);
    ASSERT_TRUE(db.ok()) << db.error().message();
    db_ = std::move(db).value();
    ASSERT_TRUE(idb::OpenDatabase(*db_, "d", 1).ok());
    ASSERT_TRUE(idb::CreateStore(*db_, Op(IdbRequest::CREATE_STORE, "s")).ok());
  }
  void TearDown() override {
    db_.reset();
    (void)!system(("rm -rf " + directory_).c_str());
  }
  IdbOperation Op(IdbRequest::Which kind, const std::string& name = "") {
    IdbOperation operation;
    operation.kind = kind;
    operation.database = "d";
    operation.name = name;
    operation.store = "s";
    return operation;
  }
  Result<std::string> Put(
      const std::string& key,
      const std::string& value,
      std::vector<std::pair<std::string, std::vector<std::string>>> index_keys = {},
      bool overwrite = true) {
    IdbOperation put = Op(IdbRequest::PUT);
    put.key = key;
    put.value = value;
    put.overwrite = overwrite;
    put.index_keys = std::move(index_keys);
    return idb::Put(*db_, put);
  }
  std::vector<std::string> Keys(const std::string& index = "") {
    IdbOperation read = Op(IdbRequest::READ);
    read.index = index;
    read.read_kind = schema::IdbReadKind::KEYS;
    auto result = idb::Read(*db_, read);
    EXPECT_TRUE(result.ok()) << result.error().message();
    std::vector<std::string> keys;
    for (size_t i = 0; result.ok() && i + 1 < result->records.size(); i += 2)
      keys.push_back(result->records[i + 1]);
    return keys;
  }
  std::string directory_;
  std::unique_ptr<OriginDatabase> db_;
};

TEST_F(IndexedDbTest, NumberKeysSortAsNumbersAndComeBackExactly) {
  std::vector<double> numbers = {-1e300, -2.5, -1, -0.0, 0, 1e-300, 1, 2, 1e10, 1e300};
  std::vector<std::string> encoded;
  for (double number : numbers) {
    encoded.push_back(EncodeNumberKey(number));
    EXPECT_EQ(*DecodeNumberKey(encoded.back()), number == 0 ? 0.0 : number);
  }
  EXPECT_EQ(EncodeNumberKey(-0.0), EncodeNumberKey(0.0));
  EXPECT_TRUE(std::is_sorted(encoded.begin(), encoded.end()));
  EXPECT_FALSE(DecodeNumberKey("30" + std::string(16, '0')));  // a string key
}

TEST_F(IndexedDbTest, APutThatBreaksAUniqueIndexLeavesNothingBehind) {
  IdbOperation index = Op(IdbRequest::CREATE_INDEX, "email");
  index.unique = true;
  ASSERT_TRUE(idb::CreateIndex(*db_, index).ok());
  ASSERT_TRUE(Put(EncodeNumberKey(1), "first", {{"email", {"30a"}}}).ok());
  auto clash = Put(EncodeNumberKey(2), "second", {{"email", {"30a"}}});
  ASSERT_FALSE(clash.ok());
  EXPECT_EQ(clash.error().message().rfind("ConstraintError", 0), 0u);
  EXPECT_EQ(Keys(), std::vector<std::string>{EncodeNumberKey(1)}) << "the record was rolled back";
  // The same record may keep its own index key when it is written again.
  EXPECT_TRUE(Put(EncodeNumberKey(1), "again", {{"email", {"30a"}}}).ok());
  auto add = Put(EncodeNumberKey(1), "add", {}, /*overwrite=*/false);
  EXPECT_FALSE(add.ok());
  EXPECT_EQ(add.error().message().rfind("ConstraintError", 0), 0u);
}

TEST_F(IndexedDbTest, KeyGeneratorsCountUpAndJumpPastExplicitNumbers) {
  IdbOperation store = Op(IdbRequest::CREATE_STORE, "auto");
  store.auto_increment = true;
  ASSERT_TRUE(idb::CreateStore(*db_, store).ok());
  IdbOperation put = Op(IdbRequest::PUT);
  put.store = "auto";
  put.overwrite = true;
  EXPECT_EQ(*idb::Put(*db_, put), EncodeNumberKey(1));
  put.key = EncodeNumberKey(7.5);
  EXPECT_EQ(*idb::Put(*db_, put), EncodeNumberKey(7.5));
  put.key.clear();
  EXPECT_EQ(*idb::Put(*db_, put), EncodeNumberKey(8));
  put.store = "s";  // no generator
  auto missing = idb::Put(*db_, put);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().message().rfind("DataError", 0), 0u);
}

TEST_F(IndexedDbTest, ReadsResumeAfterACursorsPositionInEitherDirection) {
  for (int i = 1; i <= 5; ++i)
    ASSERT_TRUE(Put(EncodeNumberKey(i), "v" + std::to_string(i)).ok());
  IdbOperation read = Op(IdbRequest::READ);
  read.limit = 2;
  read.after_key = EncodeNumberKey(2);
  auto forward = idb::Read(*db_, read);
  ASSERT_TRUE(forward.ok());
  ASSERT_EQ(forward->records.size(), 6u);
  EXPECT_EQ(forward->records[2], "v3");
  EXPECT_EQ(forward->records[5], "v4");
  read.reverse = true;
  read.limit = 0;
  auto backward = idb::Read(*db_, read);
  ASSERT_EQ(backward->count, 1u);
  EXPECT_EQ(backward->records[2], "v1");
  read.after_key.clear();
  read.lower = EncodeNumberKey(2);
  read.lower_open = true;
  read.read_kind = schema::IdbReadKind::COUNT;
  EXPECT_EQ(idb::Read(*db_, read)->count, 3u);
  IdbOperation remove = Op(IdbRequest::DELETE);
  remove.lower = EncodeNumberKey(2);
  remove.upper = EncodeNumberKey(4);
  ASSERT_TRUE(idb::Delete(*db_, remove).ok());
  EXPECT_EQ(Keys(), (std::vector<std::string>{EncodeNumberKey(1), EncodeNumberKey(5)}));
}

// The scheduler: a second page's transaction waits, with its requests, for the first to end.
TEST_F(IndexedDbTest, AnOriginsTransactionsRunOneAtATimeInTheOrderTheyBegan) {
  db_.reset();
  std::unique_ptr<OriginDatabase> shared;
  std::vector<std::pair<uint64_t, std::string>> answers;  // request id, error
  IndexedDb idb(
      [&](const std::string& origin) -> Result<OriginDatabase*> {
        if (!shared) {
          auto opened =
              OriginDatabase::Open(directory_, origin, kIndexedDbFile, IndexedDbSchema(), nullptr);
          if (!opened.ok())
            return opened.error();
          shared = std::move(opened).value();
        }
        return shared.get();
      },
      [&](ipc::OutgoingMessage& message, uint64_t request_id) {
        auto result = message.builder()
                          .getRoot<ipc::schema::Envelope>()
                          .getBody()
                          .getAs<schema::StorageToBrowser>()
                          .getIdbResult();
        answers.emplace_back(request_id, std::string(result.getError().cStr()));
      },
      [](OriginDatabase*) {});
  auto op = [&](uint64_t request, uint64_t page, uint64_t transaction, IdbRequest::Which kind) {
    IdbOperation operation = Op(kind);
    operation.request_id = request;
    operation.page = page;
    operation.transaction = transaction;
    operation.origin = "https://a.test";
    operation.key = EncodeNumberKey(static_cast<double>(request));
    operation.value = "x";
    operation.overwrite = true;
    return operation;
  };
  idb.OnRequest(op(1, 10, 1, IdbRequest::BEGIN));
  idb.OnRequest(op(2, 20, 1, IdbRequest::BEGIN));
  idb.OnRequest(op(3, 20, 1, IdbRequest::PUT));  // waits: page 10's runs
  idb.OnRequest(op(4, 10, 1, IdbRequest::PUT));
  std::vector<uint64_t> order;
  for (auto& [id, error] : answers)
    order.push_back(id);
  EXPECT_EQ(order, (std::vector<uint64_t>{1, 2, 4})) << "page 20's put waits";
  idb.OnRequest(op(5, 10, 1, IdbRequest::COMMIT));
  order.clear();
  for (auto& [id, error] : answers) {
    order.push_back(id);
    EXPECT_EQ(error, "") << id;
  }
  EXPECT_EQ(order, (std::vector<uint64_t>{1, 2, 4, 5, 3}));
  // A page that goes away mid-transaction rolls back what it wrote.
  idb.OnPageGone(20);
  answers.clear();
  idb.OnRequest(op(6, 30, 1, IdbRequest::BEGIN));
  idb.OnRequest(op(7, 30, 1, IdbRequest::READ));
  ASSERT_EQ(answers.size(), 2u);
  IdbOperation read = op(8, 30, 1, IdbRequest::READ);
  read.read_kind = schema::IdbReadKind::KEYS;
  auto keys = idb::Read(*shared, read);
  ASSERT_TRUE(keys.ok());
  EXPECT_EQ(keys->count, 1u) << "page 10's record stayed, page 20's went";
  // A request for a transaction that ended is an error the page sees.
  answers.clear();
  idb.OnRequest(op(9, 20, 1, IdbRequest::PUT));
  ASSERT_EQ(answers.size(), 1u);
  EXPECT_EQ(answers[0].second.rfind("TransactionInactiveError", 0), 0u);
}

}  // namespace
}  // namespace nexus::storage
