// MovieLens 100K: u.user "id|age|gender|occupation|zip", u.item "id|title|release
// date|video release date|url|19 genre flags", u.data "user<TAB>item<TAB>rating<TAB>
// timestamp", and the shipped splits u1..u5 (5-fold) and ua, ub (10 ratings per user
// in test) as .base/.test pairs in the u.data format.
#include <array>

#include "data/movielens.hpp"
#include "data/movielens_parts.hpp"

namespace recgrad::data {

namespace {

constexpr const char* kLayout = "MovieLens 100K";

// The genre flags' order, as listed in u.genre.
const std::vector<std::string> kGenres = {
    "unknown", "Action",  "Adventure", "Animation", "Children's", "Comedy",  "Crime",
    "Documentary", "Drama", "Fantasy", "Film-Noir", "Horror",     "Musical", "Mystery",
    "Romance", "Sci-Fi",  "Thriller",  "War",       "Western"};

void read_users(const std::filesystem::path& path, Dataset& ds, FeatureBuilder& users) {
  const auto fields = movielens::add_user_fields(users, {});
  LineReader reader(path);
  movielens::for_each_record(reader, "|", 5, "5 fields \"id|age|gender|occupation|zip\"",
                             [&](std::span<const std::string_view> f) {
    const std::int32_t row = movielens::declare_id(ds.users, f[0], reader, "user");
    int age = 0;
    if (!parse_number(f[1], age) || age < 0) reader.fail("an age in years in field 2");
    if (f[2] != "M" && f[2] != "F") reader.fail("gender \"M\" or \"F\" in field 3");
    if (f[3].empty()) reader.fail("an occupation in field 4");
    movielens::add_user(users, fields, row, age, f[2], f[3]);
  });
}

void read_items(const std::filesystem::path& path, Dataset& ds, FeatureBuilder& items) {
  const auto fields = movielens::add_item_fields(items, kGenres);
  LineReader reader(path);
  std::vector<std::string_view> genres;
  movielens::for_each_record(reader, "|", 5 + kGenres.size(),
                             "24 fields \"id|title|release date|video release date|url|19 genre flags\"",
                             [&](std::span<const std::string_view> f) {
    const std::int32_t row = movielens::declare_id(ds.items, f[0], reader, "item");
    ds.item_titles.push_back(latin1_to_utf8(f[1]));
    // Release dates look like "01-Jan-1995"; a few items have none.
    std::optional<int> year;
    int y = 0;
    if (f[2].size() >= 4 && parse_number(f[2].substr(f[2].size() - 4), y)) year = y;
    else if (!f[2].empty()) reader.fail("a release date like \"01-Jan-1995\" in field 3");
    else year = year_from_title(f[1]);
    genres.clear();
    for (std::size_t g = 0; g < kGenres.size(); ++g) {
      const std::string_view flag = f[5 + g];
      if (flag != "0" && flag != "1")
        reader.fail("genre flag 0 or 1 in field " + std::to_string(6 + g));
      if (flag == "1") genres.push_back(kGenres[g]);
    }
    movielens::add_item(items, fields, row, genres, year, ds.report);
  });
}

}  // namespace

Dataset load_movielens_100k(const std::filesystem::path& dir) {
  Dataset ds = movielens::load_layout(dir, {"ml100k", kLayout, "u.user", "u.item", "u.data", "\t"},
                                      read_users, read_items);
  for (const char* name : {"u1", "u2", "u3", "u4", "u5", "ua", "ub"}) {
    const auto base = dir / (std::string(name) + ".base");
    const auto test = dir / (std::string(name) + ".test");
    if (std::filesystem::is_regular_file(base) && std::filesystem::is_regular_file(test))
      ds.shipped_splits.push_back({name, base, test});
  }
  return ds;
}

}  // namespace recgrad::data
