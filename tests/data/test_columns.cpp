// Columns by name (data/columns.hpp): a header's names choose which field holds the user,
// the item, the rating and the timestamp; --columns overrides, by name or field number;
// a header that names no user or item column is refused listing what it has; fields no
// role reads are reported, not silently taken.
#include <doctest/doctest.h>

#include <stdexcept>

#include "data/generic.hpp"
#include "data_test_util.hpp"

using namespace recgrad::data;
using recgrad::data::testing::require_data_error;
using recgrad::data::testing::TempDir;

namespace {

Dataset load(const std::filesystem::path& file, const std::string& columns = "") {
  return load_generic({file, {}, {}, columns.empty() ? ColumnChoice{} : parse_column_choice(columns)});
}

}  // namespace

TEST_CASE("a header's names choose the columns: movieId first is the item, not the user") {
  TempDir dir;
  // Three users, two movies: read in file order it would be two users and three items.
  const auto file = dir.write("ratings.csv",
                              "movieId,userId,rating,timestamp\n10,1,4.5,100\n20,1,3,101\n10,2,5,102\n20,3,2.5,103\n");
  const Dataset ds = load(file);
  CHECK(ds.num_users() == 3);
  CHECK(ds.num_items() == 2);
  CHECK(ds.users.raw(ds.interactions.users[0]) == "1");
  CHECK(ds.items.raw(ds.interactions.items[0]) == "10");
  CHECK(ds.interactions.ratings[0] == 4.5f);
  CHECK(ds.interactions.timestamps[3] == 103);
  CHECK(ds.report.columns ==
        "user=userId (field 2), item=movieId (field 1), rating=rating (field 3), timestamp=timestamp (field 4)");
  CHECK(ds.report.unused_columns.empty());
}

TEST_CASE("common spellings, any case, and columns no role reads are named in the report") {
  TempDir dir;
  const Dataset ds = load(dir.write("log.tsv", "Item ID\ttitle\tUser_ID\tts\n7\tA, film\t3\t5\n8\tB\t3\t6\n"));
  CHECK(ds.num_users() == 1);
  CHECK(ds.num_items() == 2);
  CHECK_FALSE(ds.has_ratings);
  CHECK(ds.has_timestamps);
  CHECK(ds.report.unused_columns == std::vector<std::string>{"title"});
}

TEST_CASE("a header that names no user or item column is refused, listing what it has") {
  TempDir dir;
  require_data_error([&] { load(dir.write("a.csv", "a,b,c\n1,2,3\n")); },
                     {"a.csv:1: expected a header naming the user column", "the header has \"a\", \"b\", \"c\"",
                      "--columns user=NAME,item=NAME"});
  require_data_error([&] { load(dir.write("b.csv", "userId,rating,timestamp\n1,2,3\n")); },
                     {"the item column", "the header has \"userId\", \"rating\", \"timestamp\""});
  // Two columns that could each be the user: which one is the user's choice.
  require_data_error([&] { load(dir.write("c.csv", "uid,user_id,item\n1,2,3\n")); },
                     {"one column for the user, not both \"uid\" and \"user_id\"", "--columns user=NAME"});
}

TEST_CASE("--columns names the columns the spellings do not know, or overrides them") {
  TempDir dir;
  const auto file = dir.write("books.csv", "who,what,stars,title\n1,10,4,x\n2,10,5,y\n2,11,3,z\n");
  require_data_error([&] { load(file); }, {"the header has \"who\", \"what\", \"stars\", \"title\""});
  const Dataset ds = load(file, "user=who,item=what,rating=stars");
  CHECK(ds.num_users() == 2);
  CHECK(ds.num_items() == 2);
  CHECK(ds.interactions.ratings[1] == 5.0f);
  CHECK(ds.report.unused_columns == std::vector<std::string>{"title"});
  // By field number, and over a name the spellings would have chosen.
  const Dataset swapped = load(dir.write("ids.csv", "userId,movieId\n1,10\n1,20\n"), "user=movieId,item=1");
  CHECK(swapped.num_users() == 2);
  CHECK(swapped.num_items() == 1);
  require_data_error([&] { load(file, "user=who,item=isbn"); },
                     {"--columns item=isbn to name a column of the header", "or a field number from 1 to 4"});
  require_data_error([&] { load(file, "user=who,item=who"); },
                     {"the user and the item different columns (both read field 1)"});
}

TEST_CASE("a file without a header: the fixed order, or the field numbers --columns gives") {
  TempDir dir;
  const auto file = dir.write("plain.csv", "10,1,4\n20,1,5\n10,2,3\n");
  const Dataset fixed = load(file);
  CHECK(fixed.num_users() == 2);  // 10 and 20
  const Dataset chosen = load(file, "user=2,item=1,rating=3");
  CHECK(chosen.num_users() == 2);  // 1 and 2
  CHECK(chosen.num_items() == 2);
  CHECK(chosen.users.raw(chosen.interactions.users[0]) == "1");
  CHECK(chosen.report.columns == "user=field 2, item=field 1, rating=field 3");
  require_data_error([&] { load(file, "user=reader,item=1"); },
                     {"plain.csv:1: expected --columns user=reader to be a field number from 1 to 3",
                      "the file has no header"});
  require_data_error([&] { load(dir.write("wide.csv", "1,2,3,4,5\n")); }, {"2 to 4 fields"});
}

TEST_CASE("--columns refuses what is not role=column pairs of known roles") {
  CHECK(parse_column_choice("user=a, item = b").given[1] == "b");
  for (const char* bad : {"", "user", "user=", "owner=a,item=b", "user=a,user=b"}) {
    CAPTURE(bad);
    CHECK_THROWS_WITH_AS(parse_column_choice(bad), doctest::Contains("--columns"), std::invalid_argument);
  }
}
