// Malformed files stop the load with the file, the 1-based line, the offending text
// and what was expected.
#include <doctest/doctest.h>

#include "data/generic.hpp"
#include "data/movielens.hpp"
#include "data_test_util.hpp"

using namespace recgrad::data;
using recgrad::data::testing::require_data_error;
using recgrad::data::testing::TempDir;

TEST_CASE("Bad interactions: a missing field") {
  TempDir dir;
  const auto path = dir.write("i.csv", "1,1,4,100\n2,2,5\n");
  require_data_error([&] { load_generic({path, {}, {}}); },
                     {path.string() + ":2:", "\"2,2,5\"", "4 fields", "user,item,rating,timestamp", "not 3 fields"});
}

TEST_CASE("Bad interactions: a non-numeric rating") {
  TempDir dir;
  const auto path = dir.write("i.csv", "1,1,4\n1,2,4\n\n3,3,four\n");
  require_data_error([&] { load_generic({path, {}, {}}); },
                     {path.string() + ":4:", "\"3,3,four\"", "numeric rating in field 3", "\"four\""});
}

TEST_CASE("Bad interactions: a non-integer timestamp") {
  TempDir dir;
  const auto path = dir.write("i.csv", "1,1,4,100\n1,2,4,1.5e9x\n");
  require_data_error([&] { load_generic({path, {}, {}}); }, {path.string() + ":2:", "integer timestamp"});
}

TEST_CASE("Bad interactions: the wrong delimiter on a line") {
  TempDir dir;
  const auto path = dir.write("i.csv", "1,1,4,100\n1\t2\t4\t101\n");
  require_data_error([&] { load_generic({path, {}, {}}); },
                     {path.string() + ":2:", "separated by \",\"", "not 1 field"});
}

TEST_CASE("Bad interactions: an empty file, or blank lines only") {
  TempDir dir;
  const auto empty = dir.write("empty.csv", "");
  require_data_error([&] { load_generic({empty, {}, {}}); }, {empty.string() + ":1:", "end of file", "user,item"});
  const auto blank = dir.write("blank.csv", "\n\n  \n");
  require_data_error([&] { load_generic({blank, {}, {}}); }, {blank.string() + ":4:", "end of file"});
  const auto header_only = dir.write("header.csv", "user,item,rating\n");
  require_data_error([&] { load_generic({header_only, {}, {}}); }, {header_only.string(), "end of file"});
}

TEST_CASE("Bad interactions: one column, or too many") {
  TempDir dir;
  const auto one = dir.write("one.csv", "12345\n");
  require_data_error([&] { load_generic({one, {}, {}}); }, {one.string() + ":1:", "2 to 4 fields", "\"12345\""});
  const auto five = dir.write("five.csv", "1,2,3,4,5\n");
  require_data_error([&] { load_generic({five, {}, {}}); }, {five.string() + ":1:", "2 to 4 fields"});
}

TEST_CASE("Bad feature files: an unknown id, a repeated id, a bad weight, a repeated feature") {
  TempDir dir;
  const auto interactions = dir.write("i.csv", "1,10\n2,20\n");
  const auto unknown = dir.write("u1.csv", "1,age=18-24\n3,age=25-34\n");
  require_data_error([&] { load_generic({interactions, unknown, {}}); },
                     {unknown.string() + ":2:", "\"3,age=25-34\"", "user id that occurs in the interactions", "\"3\""});
  const auto repeated = dir.write("u2.csv", "1,a\n2,b\n1,c\n");
  require_data_error([&] { load_generic({interactions, repeated, {}}); },
                     {repeated.string() + ":3:", "already on line 1"});
  const auto weight = dir.write("it.csv", "10,genre=Drama:heavy\n");
  require_data_error([&] { load_generic({interactions, {}, weight}); },
                     {weight.string() + ":1:", "numeric weight", "genre=Drama:heavy"});
  const auto twice = dir.write("it2.csv", "20,genre=Drama;genre=Drama\n");
  require_data_error([&] { load_generic({interactions, {}, twice}); },
                     {twice.string() + ":1:", "each feature once", "genre=Drama"});
  const auto id_field = dir.write("it3.csv", "20,item_id=5\n");
  require_data_error([&] { load_generic({interactions, {}, id_field}); }, {id_field.string() + ":1:", "item_id"});
}

TEST_CASE("Bad MovieLens files: a rating for an unknown item, a short u.user line, a bad flag") {
  TempDir dir;
  const std::string flags = "|0|0|0|0|0|0|0|0|1|0|0|0|0|0|0|0|0|0|0";
  dir.write("ml/u.user", "1|24|M|technician|85711\n");
  dir.write("ml/u.item", "1|Heat (1995)|01-Jan-1995||http://x" + flags + "\n");
  const auto data = dir.write("ml/u.data", "1\t1\t5\t881250949\n1\t9\t3\t881250950\n");
  require_data_error([&] { load_movielens_100k(dir.path() / "ml"); },
                     {data.string() + ":2:", "item id listed in the items file", "\"9\""});

  const auto users = dir.write("ml/u.user", "1|24|M|technician|85711\n2|30|F\n");
  require_data_error([&] { load_movielens_100k(dir.path() / "ml"); },
                     {users.string() + ":2:", "id|age|gender|occupation|zip", "\"2|30|F\""});

  dir.write("ml/u.user", "1|24|M|technician|85711\n");
  const auto items = dir.write("ml/u.item", "1|Heat (1995)|01-Jan-1995||http://x|0|0|0|0|0|0|0|0|yes|0|0|0|0|0|0|0|0|0|0\n");
  require_data_error([&] { load_movielens_100k(dir.path() / "ml"); },
                     {items.string() + ":1:", "genre flag 0 or 1 in field 14"});

  require_data_error([&] { load_movielens_1m(dir.path() / "ml"); }, {"users.dat", "missing"});
}
