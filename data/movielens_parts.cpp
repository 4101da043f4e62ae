#include "data/movielens_parts.hpp"

#include <algorithm>
#include <array>

#include "data/generic.hpp"
#include "data/movielens.hpp"

namespace recgrad::data {

const std::vector<std::string>& age_bucket_names() {
  static const std::vector<std::string> names = {"under 18", "18-24", "25-34", "35-44",
                                                 "45-49",    "50-55", "56+"};
  return names;
}

int age_bucket(int age) {
  static constexpr std::array<int, 6> kLowerEdges = {18, 25, 35, 45, 50, 56};
  return static_cast<int>(std::upper_bound(kLowerEdges.begin(), kLowerEdges.end(), age) -
                          kLowerEdges.begin());
}

namespace movielens {

UserFields add_user_fields(FeatureBuilder& users, const std::vector<std::string>& occupations) {
  UserFields f{};
  f.age = users.add_field("age", age_bucket_names());
  f.gender = users.add_field("gender", {"M", "F"});
  f.occupation = users.add_field("occupation", occupations, occupations.empty());
  return f;
}

void add_user(FeatureBuilder& users, const UserFields& f, std::int32_t row, int age,
              std::string_view gender, std::string_view occupation) {
  users.add(row, f.age, age_bucket_names()[static_cast<std::size_t>(age_bucket(age))]);
  users.add(row, f.gender, gender);
  users.add(row, f.occupation, occupation);
}

ItemFields add_item_fields(FeatureBuilder& items, const std::vector<std::string>& genres) {
  ItemFields f{};
  f.genre = items.add_field("genre", genres, genres.empty());
  f.decade = items.add_field("decade", {}, true);
  return f;
}

void add_item(FeatureBuilder& items, const ItemFields& f, std::int32_t row,
              std::span<const std::string_view> genres, std::optional<int> year, LoadReport& report) {
  if (genres.empty()) ++report.items_without_genres;
  for (const auto genre : genres)
    items.add(row, f.genre, genre, 1.0f / static_cast<float>(genres.size()));
  if (year) items.add(row, f.decade, decade_name(*year));
  else ++report.items_without_year;
}

void split_genre_list(std::string_view list, std::vector<std::string_view>& genres) {
  genres.clear();
  if (trim(list) == "(no genres listed)") return;
  while (!list.empty()) {
    const std::size_t bar = list.find('|');
    if (const auto g = trim(list.substr(0, bar)); !g.empty()) genres.push_back(g);
    list = bar == std::string_view::npos ? std::string_view{} : list.substr(bar + 1);
  }
}

Dataset load_layout(const std::filesystem::path& dir, const Layout& layout, ReadFile read_users,
                    ReadFile read_items) {
  Dataset ds;
  ds.name = dir_name(dir);
  ds.format = layout.format;
  const auto users_path = require_file(dir, layout.users_file, layout.name);
  const auto items_path = require_file(dir, layout.items_file, layout.name);
  const auto ratings_path = require_file(dir, layout.ratings_file, layout.name);

  FeatureBuilder users("user_id", ds.users);
  FeatureBuilder items("item_id", ds.items);
  read_users(users_path, ds, users);
  read_items(items_path, ds, items);
  ds.report.files = {users_path.string(), items_path.string()};

  const InteractionFormat format{.delimiter = layout.delimiter, .add_users = false, .add_items = false};
  read_interactions(ratings_path, format, ds.users, ds.items, ds.interactions, ds.report);
  finish_interactions(ds, true, true);
  ds.user_features = users.build();
  ds.item_features = items.build();
  return ds;
}

std::int32_t declare_id(IdMap& ids, std::string_view raw, const LineReader& reader, const char* kind) {
  if (raw.empty()) reader.fail(std::string("a ") + kind + " id in field 1");
  if (ids.find(raw)) reader.fail(std::string("each ") + kind + " id once, but \"" + std::string(raw) + "\" repeats");
  return ids.insert(raw);
}

std::string dir_name(const std::filesystem::path& dir) {
  const auto clean = dir.lexically_normal();
  const auto name = (clean.has_filename() ? clean : clean.parent_path()).filename().string();
  return name.empty() ? dir.string() : name;
}

std::filesystem::path require_file(const std::filesystem::path& dir, const char* file,
                                   const char* layout) {
  auto path = dir / file;
  if (!std::filesystem::is_regular_file(path))
    throw DataError(dir.string() + ": expected the " + layout + " file " + file +
                    " in this directory; it is missing");
  return path;
}

}  // namespace movielens
}  // namespace recgrad::data
