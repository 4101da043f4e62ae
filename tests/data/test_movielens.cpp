// The three MovieLens layouts, on a few lines of each file written by the test.
#include <doctest/doctest.h>

#include "data/load.hpp"
#include "data/movielens.hpp"
#include "data/split.hpp"
#include "data_test_util.hpp"

using namespace recgrad::data;
using recgrad::data::testing::TempDir;

namespace {

std::vector<std::string> feature_names(const FeatureMatrix& m, std::int32_t row) {
  std::vector<std::string> out;
  for (const auto f : m.ids_of(row)) out.push_back(m.names[f]);
  return out;
}

// 19 genre flags with the given ones set (u.genre order: 0 unknown, 5 Comedy, 8 Drama ...).
std::string flags(std::initializer_list<int> set) {
  std::string out;
  for (int g = 0; g < 19; ++g) out += std::find(set.begin(), set.end(), g) != set.end() ? "|1" : "|0";
  return out;
}

}  // namespace

TEST_CASE("ML-100K: users, items with genres and decade, ratings, shipped splits") {
  TempDir dir;
  const auto root = dir.path() / "ml-100k";
  dir.write("ml-100k/u.user", "1|24|M|technician|85711\n2|53|F|other|94043\n3|17|M|student|32067\n");
  dir.write("ml-100k/u.item",
            "1|Toy Story (1995)|01-Jan-1995||http://x" + flags({3, 4, 5}) + "\n" +
            "2|Caf\xe9 (1961)|||http://y" + flags({8}) + "\n" +
            "3|unknown|||" + flags({0}) + "\n");
  dir.write("ml-100k/u.data", "1\t1\t5\t874965758\n2\t1\t3\t876893171\n3\t2\t4\t878542960\n1\t3\t1\t876893119\n");
  dir.write("ml-100k/u1.base", "1\t1\t5\t874965758\n2\t1\t3\t876893171\n3\t2\t4\t878542960\n");
  dir.write("ml-100k/u1.test", "1\t3\t1\t876893119\n");
  dir.write("ml-100k/ua.base", "1\t1\t5\t874965758\n");  // ua.test missing: no "ua" split

  const Dataset ds = load_movielens_100k(root);
  CHECK(ds.name == "ml-100k");
  CHECK(ds.format == "ml100k");
  CHECK(ds.num_users() == 3);
  CHECK(ds.num_items() == 3);
  CHECK(ds.num_interactions() == 4);
  CHECK(ds.users.raw(0) == "1");  // file order: index = raw id - 1
  CHECK(ds.item_titles[1] == "Caf\xc3\xa9 (1961)");
  CHECK(ds.item_label(0) == "Toy Story (1995)");

  CHECK(feature_names(ds.user_features, 2) ==
        std::vector<std::string>{"user_id=3", "age=under 18", "gender=M", "occupation=student"});
  CHECK(feature_names(ds.user_features, 1)[1] == "age=50-55");
  CHECK(ds.user_features.field("age")->count == 7);
  CHECK(ds.user_features.field("gender")->count == 2);
  CHECK(feature_names(ds.item_features, 0) ==
        std::vector<std::string>{"item_id=1", "genre=Animation", "genre=Children's", "genre=Comedy", "decade=1990s"});
  CHECK(ds.item_features.weights_of(0)[1] == doctest::Approx(1.0 / 3));
  CHECK(ds.item_features.field("genre")->count == 19);
  CHECK(feature_names(ds.item_features, 1).back() == "decade=1960s");  // year from the title
  CHECK(feature_names(ds.item_features, 2) == std::vector<std::string>{"item_id=3", "genre=unknown"});
  CHECK(ds.report.items_without_year == 1);

  REQUIRE(ds.shipped_splits.size() == 1);
  const Split u1 = make_split(ds, {"u1"});
  CHECK(u1.train == std::vector<std::int32_t>{0, 1, 2});
  CHECK(u1.test == std::vector<std::int32_t>{3});
  CHECK(u1.unassigned == 0);
  CHECK_THROWS_AS(make_split(ds, {"ua"}), DataError);

  CHECK(load_dataset({root}).format == "ml100k");
}

TEST_CASE("ML-100K: a shipped split naming a pair that is not in u.data is an error") {
  TempDir dir;
  dir.write("m/u.user", "1|24|M|technician|85711\n");
  dir.write("m/u.item", "1|A (1995)|01-Jan-1995||x" + flags({8}) + "\n2|B (1995)|01-Jan-1995||x" + flags({8}) + "\n");
  dir.write("m/u.data", "1\t1\t5\t1\n");
  dir.write("m/u2.base", "1\t1\t5\t1\n");
  const auto test = dir.write("m/u2.test", "1\t2\t5\t1\n");
  const Dataset ds = load_movielens_100k(dir.path() / "m");
  testing::require_data_error([&] { make_split(ds, {"u2"}); }, {test.string(), "record 1", "item 2"});
}

TEST_CASE("ML-1M: '::' fields, age and occupation codes, Latin-1 titles, genre lists") {
  TempDir dir;
  dir.write("ml-1m/users.dat", "1::F::1::10::48067\n2::M::56::16::70072\n");
  dir.write("ml-1m/movies.dat",
            "1::Toy Story (1995)::Animation|Children's|Comedy\n2::Jumanji (1995)::Adventure\n"
            "3::Cit\xe9 des enfants perdus, La (1995)::Adventure|Sci-Fi\n");
  dir.write("ml-1m/ratings.dat", "1::1::5::978300760\n1::3::3::978302109\n2::2::4::978301968\n");
  const Dataset ds = load_movielens_1m(dir.path() / "ml-1m");
  CHECK(ds.format == "ml1m");
  CHECK(ds.num_users() == 2);
  CHECK(ds.num_items() == 3);
  CHECK(ds.num_interactions() == 3);
  CHECK(ds.item_titles[2] == "Cit\xc3\xa9 des enfants perdus, La (1995)");
  CHECK(feature_names(ds.user_features, 0) ==
        std::vector<std::string>{"user_id=1", "age=under 18", "gender=F", "occupation=K-12 student"});
  CHECK(feature_names(ds.user_features, 1)[1] == "age=56+");
  CHECK(feature_names(ds.user_features, 1)[3] == "occupation=self-employed");
  CHECK(ds.user_features.field("occupation")->count == 21);
  CHECK(feature_names(ds.item_features, 2) ==
        std::vector<std::string>{"item_id=3", "genre=Adventure", "genre=Sci-Fi", "decade=1990s"});
  CHECK(ds.item_features.weights_of(2)[1] == 0.5f);
  CHECK(detect_format(dir.path() / "ml-1m") == "ml1m");
}

TEST_CASE("ML-20M/latest: headers, quoted titles with commas, '(no genres listed)'") {
  TempDir dir;
  dir.write("ml-latest-small/movies.csv",
            "movieId,title,genres\n1,Toy Story (1995),Adventure|Animation\n"
            "11,\"American President, The (1995)\",Comedy|Drama|Romance\n"
            "99,Untitled,(no genres listed)\n");
  dir.write("ml-latest-small/ratings.csv",
            "userId,movieId,rating,timestamp\n10,1,4.0,964982703\n2,11,3.5,964981247\n10,11,0.5,964982224\n");
  const Dataset ds = load_movielens_csv(dir.path() / "ml-latest-small");
  CHECK(ds.format == "ml20m");
  CHECK(ds.num_items() == 3);  // the catalogue includes unrated movies
  CHECK(ds.num_users() == 2);
  CHECK(ds.users.raw(0) == "2");  // numeric order
  CHECK(ds.item_titles[1] == "American President, The (1995)");
  CHECK(ds.interactions.ratings == std::vector<float>{4.0f, 3.5f, 0.5f});
  CHECK(ds.report.header_lines == 2);
  CHECK(ds.report.items_without_genres == 1);
  CHECK(ds.report.items_without_year == 1);
  CHECK(feature_names(ds.item_features, 2) == std::vector<std::string>{"item_id=99"});
  CHECK(ds.item_features.field("genre")->count == 5);
  CHECK(ds.user_features.fields.size() == 1);
  CHECK(detect_format(dir.path() / "ml-latest-small") == "ml20m");

  const auto bad = dir.write("ml-latest-small/movies.csv", "movieId,title,genres\n5,\"Broken, (1995),Drama\n");
  testing::require_data_error([&] { load_movielens_csv(dir.path() / "ml-latest-small"); },
                              {bad.string() + ":2:", "movieId,title,genres"});
}

TEST_CASE("a MovieLens format given its ratings file reads its folder, another file is refused naming what it wants") {
  TempDir dir;
  dir.write("ml-latest/movies.csv", "movieId,title,genres\n1,Toy Story (1995),Animation\n2,Heat (1995),Crime\n");
  const auto ratings = dir.write("ml-latest/ratings.csv", "userId,movieId,rating,timestamp\n1,1,4.0,1\n2,2,3.5,2\n");
  const Dataset ds = load_dataset({.path = ratings, .format = "ml20m"});
  CHECK(ds.format == "ml20m");
  CHECK(ds.item_titles[0] == "Toy Story (1995)");
  // Not "movies.csv is missing" from a folder that has it.
  const auto movies = dir.path() / "ml-latest" / "movies.csv";
  testing::require_data_error([&] { load_dataset({.path = movies, .format = "ml20m"}); },
                              {"--format ml20m reads a MovieLens folder (with its ratings.csv); " + movies.string() +
                               " is a file: give --data the folder"});
}

TEST_CASE("Age buckets follow the ML-1M edges 1, 18, 25, 35, 45, 50, 56") {
  const std::pair<int, int> cases[] = {{1, 0},  {17, 0}, {18, 1}, {24, 1}, {25, 2}, {34, 2},
                                       {35, 3}, {44, 3}, {45, 4}, {49, 4}, {50, 5}, {55, 5},
                                       {56, 6}, {90, 6}};
  for (const auto& [age, bucket] : cases) CHECK(age_bucket(age) == bucket);
  CHECK(age_bucket_names().size() == 7);
}
