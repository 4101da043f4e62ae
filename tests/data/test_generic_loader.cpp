// The generic interactions file and feature files, on small files written by the test.
#include <stdexcept>
#include <doctest/doctest.h>

#include <sys/stat.h>

#include "data/generic.hpp"
#include "data/load.hpp"
#include "data_test_util.hpp"

using namespace recgrad::data;
using recgrad::data::testing::TempDir;

namespace {
std::vector<std::string> raw_ids(const IdMap& ids) {
  std::vector<std::string> out;
  for (std::int32_t i = 0; i < ids.size(); ++i) out.push_back(ids.raw(i));
  return out;
}
}  // namespace

TEST_CASE("Generic: the delimiter is detected, the header optional, ids numbered numerically") {
  TempDir dir;
  const std::string rows[] = {
      "user,item,rating,timestamp\n10,200,4,1000\n2,100,3.5,1001\n10,100,5,1002\n",
      "10\t200\t4\t1000\n2\t100\t3.5\t1001\n10\t100\t5\t1002",
      "10::200::4::1000\r\n2::100::3.5::1001\r\n10::100::5::1002\r\n",
  };
  for (const auto& text : rows) {
    CAPTURE(text);
    const Dataset ds = load_generic({dir.write("i.txt", text), {}, {}});
    CHECK(ds.format == "generic");
    CHECK(raw_ids(ds.users) == std::vector<std::string>{"2", "10"});
    CHECK(raw_ids(ds.items) == std::vector<std::string>{"100", "200"});
    CHECK(ds.interactions.users == std::vector<std::int32_t>{1, 0, 1});
    CHECK(ds.interactions.items == std::vector<std::int32_t>{1, 0, 0});
    CHECK(ds.interactions.ratings == std::vector<float>{4.0f, 3.5f, 5.0f});
    CHECK(ds.interactions.timestamps == std::vector<std::int64_t>{1000, 1001, 1002});
    CHECK(ds.has_ratings);
    CHECK(ds.has_timestamps);
    CHECK(ds.report.lines == 3);
    CHECK(ds.report.header_lines == (text.starts_with("user") ? 1 : 0));
    CHECK(ds.user_features.num_features() == 2);  // ids only
  }
}

TEST_CASE("Generic: implicit two-column files and string ids in order of appearance") {
  TempDir dir;
  const Dataset ds = load_generic({dir.write("pairs.csv", "user_id,item_id\nbob,x\nal,y\nbob,y\n"), {}, {}});
  CHECK(ds.report.header_lines == 1);
  CHECK(raw_ids(ds.users) == std::vector<std::string>{"bob", "al"});
  CHECK(raw_ids(ds.items) == std::vector<std::string>{"x", "y"});
  CHECK_FALSE(ds.has_ratings);
  CHECK_FALSE(ds.has_timestamps);
  CHECK(ds.interactions.ratings == std::vector<float>{1, 1, 1});

  const Dataset three = load_generic({dir.write("r.csv", "1,1,2\n1,2,4\n"), {}, {}});
  CHECK(three.has_ratings);
  CHECK_FALSE(three.has_timestamps);
  CHECK(three.report.header_lines == 0);
}

TEST_CASE("Generic: duplicate (user, item) pairs keep the last line, and are counted") {
  TempDir dir;
  const auto path = dir.write("dup.csv", "1,1,1,10\n1,2,2,11\n\n2,1,3,12\n1,1,5,13\n1,1,4,14\n");
  const Dataset ds = load_generic({path, {}, {}});
  CHECK(ds.report.lines == 5);
  CHECK(ds.report.duplicates == 2);
  CHECK(ds.report.blank_lines == 1);
  CHECK(ds.num_interactions() + ds.report.duplicates == ds.report.lines);
  // Survivors stay in file order; (1, 1) is the last copy, rating 4 at time 14.
  CHECK(ds.interactions.ratings == std::vector<float>{2, 3, 4});
  CHECK(ds.interactions.timestamps == std::vector<std::int64_t>{11, 12, 14});
  CHECK(std::string(LoadReport::kDuplicateRule).find("last") != std::string::npos);
}

TEST_CASE("Generic feature files: fields from 'field=value', weights after ':', headers skipped") {
  TempDir dir;
  const auto interactions = dir.write("i.csv", "1,10\n2,10\n2,20\n");
  const auto users = dir.write("u.csv", "id,features\n2,age=25-34;gender=F\n1,gender=M;vip\n");
  const auto items = dir.write("it.csv", "20\tgenre=Drama:0.5;genre=Comedy:0.5\n10\t\n");
  const Dataset ds = load_generic({interactions, users, items});

  const FeatureMatrix& u = ds.user_features;
  REQUIRE(u.fields.size() == 4);
  CHECK(u.fields[0].name == "user_id");
  CHECK(u.fields[1].name == "age");
  CHECK(u.fields[2].name == "gender");
  CHECK(u.fields[3].name == "feature");  // "vip" has no field
  CHECK(u.names[u.fields[3].first] == "feature=vip");
  // User "1" (index 0): user_id=1, gender=M, vip.
  std::vector<std::string> names;
  for (const auto f : u.ids_of(0)) names.push_back(u.names[f]);
  CHECK(names == std::vector<std::string>{"user_id=1", "gender=M", "feature=vip"});

  const FeatureMatrix& it = ds.item_features;
  const auto genre = *it.field("genre");
  CHECK(genre.count == 2);
  CHECK(it.ids_of(0).size() == 1);  // item 10 has no features besides its id
  REQUIRE(it.ids_of(1).size() == 3);
  CHECK(it.weights_of(1)[1] == 0.5f);
  CHECK(it.weights_of(1)[2] == 0.5f);
  CHECK(ds.report.files.size() == 3);
}

TEST_CASE("load_dataset detects the format from the path") {
  TempDir dir;
  dir.write("gen/interactions.csv", "user,item,rating,timestamp\n1,1,5,0\n");
  dir.write("gen/item_features.csv", "1,genre=Drama\n");
  dir.write("ml100k/u.data", "");
  dir.write("ml1m/ratings.dat", "");
  dir.write("ml20m/ratings.csv", "");
  dir.write("empty/readme", "");
  CHECK(detect_format("") == "builtin");
  CHECK(detect_format(dir.path() / "gen") == "generic");
  CHECK(detect_format(dir.path() / "gen" / "interactions.csv") == "generic");
  CHECK(detect_format(dir.path() / "ml100k") == "ml100k");
  CHECK(detect_format(dir.path() / "ml1m") == "ml1m");
  CHECK(detect_format(dir.path() / "ml20m") == "ml20m");
  testing::require_data_error([&] { detect_format(dir.path() / "empty"); }, {"empty", "u.data", "interactions.csv"});
  testing::require_data_error([&] { detect_format(dir.path() / "missing"); }, {"missing", "no such file"});

  // A directory from `recgrad generate` picks up its feature files.
  const Dataset ds = load_dataset({dir.path() / "gen"});
  CHECK(ds.item_features.field("genre") != nullptr);
  CHECK_THROWS_AS(load_dataset({dir.path() / "gen", "csv"}), std::invalid_argument);
}

TEST_CASE("Generic: a bad field is quoted in part in the error, with the file, the line and its size") {
  const testing::TempDir dir;
  const std::string field(5'000'000, '7');
  const auto path = dir.write("big.csv", "1,1,5,1\n2,3," + field + "x,4\n");
  try {
    load_generic({path, {}, {}});
    FAIL("a rating that is not a number was accepted");
  } catch (const DataError& e) {
    const std::string message = e.what();
    CHECK(message.size() < 400);
    CHECK(message.find(path.string() + ":2: expected a numeric rating in field 3") == 0);
    CHECK(message.find("(5000001 bytes)") != std::string::npos);
  }
}

TEST_CASE("Generic: a UTF-8 byte order mark is dropped, with and without a header") {
  TempDir dir;
  const Dataset plain = load_generic({dir.write("bom.csv", "\xEF\xBB\xBF" "1,1,5,1\n2,2,3,2\n"), {}, {}});
  CHECK(plain.users.raw(0) == "1");
  CHECK(plain.interactions.size() == 2);
  const Dataset headed =
      load_generic({dir.write("bomh.csv", "\xEF\xBB\xBF" "user,item,rating,ts\n1,1,5,1\n2,2,3,2\n"), {}, {}});
  CHECK(headed.interactions.size() == 2);
  CHECK(headed.users.raw(0) == "1");
}

TEST_CASE("Generic: a two-column header of common id names is a header, not a first interaction") {
  TempDir dir;
  for (const std::string header : {"uid,iid", "UserId,ItemId", "customer_id,product_id"}) {
    CAPTURE(header);
    const Dataset ds = load_generic({dir.write("pairs.csv", header + "\n1,2\n3,4\n"), {}, {}});
    CHECK(ds.interactions.size() == 2);
    CHECK(ds.num_users() == 2);
  }
}

TEST_CASE("only regular files are read: a FIFO or a device is refused at once, and builtin takes no path") {
  TempDir dir;
  const auto fifo = dir.path() / "pipe.csv";
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  CHECK_THROWS_WITH_AS(load_generic({fifo, {}, {}}), doctest::Contains("not a regular file"), DataError);
  CHECK_THROWS_WITH_AS(load_dataset({.path = fifo}), doctest::Contains("not a regular file"), DataError);
  CHECK_THROWS_WITH_AS(load_dataset({.path = "/dev/zero"}), doctest::Contains("not a regular file"), DataError);
  CHECK_THROWS_WITH_AS(load_dataset({.path = dir.write("r.csv", "1,1\n"), .format = "builtin"}),
                       doctest::Contains("--format builtin reads no file"), std::invalid_argument);
}
