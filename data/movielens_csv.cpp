// MovieLens 20M / 25M / latest / latest-small: movies.csv "movieId,title,genres" and
// ratings.csv "userId,movieId,rating,timestamp", both with a header line, UTF-8,
// titles quoted when they contain commas. There is no users file: users are the ids
// that rate, in numeric order, with the user_id feature only.
#include "data/generic.hpp"
#include "data/movielens.hpp"
#include "data/movielens_parts.hpp"

namespace recgrad::data {

namespace {

constexpr const char* kLayout = "MovieLens 20M/latest";

void read_items(const std::filesystem::path& path, Dataset& ds, FeatureBuilder& items) {
  constexpr const char* kExpected = "3 fields \"movieId,title,genres\" (titles with commas in quotes)";
  const auto fields = movielens::add_item_fields(items, {});
  LineReader reader(path);
  std::vector<std::string> f;
  std::vector<std::string_view> genres;
  std::string_view line;
  bool header = true;
  while (reader.next(line)) {
    if (trim(line).empty()) continue;
    if (header) {
      header = false;
      ++ds.report.header_lines;
      continue;
    }
    if (!split_csv_quoted(line, f) || f.size() != 3) reader.fail(kExpected);
    const std::int32_t row = movielens::declare_id(ds.items, f[0], reader, "item");
    ds.item_titles.push_back(f[1]);
    movielens::split_genre_list(f[2], genres);
    movielens::add_item(items, fields, row, genres, year_from_title(f[1]), ds.report);
  }
  if (ds.items.size() == 0) reader.fail_empty(kExpected);
}

}  // namespace

Dataset load_movielens_csv(const std::filesystem::path& dir) {
  Dataset ds;
  ds.name = movielens::dir_name(dir);
  ds.format = "ml20m";
  const auto items_path = movielens::require_file(dir, "movies.csv", kLayout);
  const auto ratings_path = movielens::require_file(dir, "ratings.csv", kLayout);

  FeatureBuilder items("item_id", ds.items);
  read_items(items_path, ds, items);
  ds.report.files = {items_path.string()};

  const InteractionFormat format{.delimiter = ",", .header = true, .add_users = true, .add_items = false};
  read_interactions(ratings_path, format, ds.users, ds.items, ds.interactions, ds.report);
  renumber_numerically(ds.users, ds.interactions.users);
  finish_interactions(ds, true, true);
  ds.user_features = FeatureBuilder("user_id", ds.users).build();
  ds.item_features = items.build();
  return ds;
}

}  // namespace recgrad::data
