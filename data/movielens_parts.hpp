// Pieces the three MovieLens loaders share: the feature fields and how a users or
// items line turns into features. Internal to data/movielens_*.cpp.
#pragma once

#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "data/dataset.hpp"
#include "data/line_reader.hpp"
#include "data/text.hpp"

namespace recgrad::data::movielens {

struct UserFields {
  std::int32_t age, gender, occupation;
};
// `occupations` in the order wanted; empty numbers them by name.
UserFields add_user_fields(FeatureBuilder& users, const std::vector<std::string>& occupations);
void add_user(FeatureBuilder& users, const UserFields& f, std::int32_t row, int age,
              std::string_view gender, std::string_view occupation);

struct ItemFields {
  std::int32_t genre, decade;
};
ItemFields add_item_fields(FeatureBuilder& items, const std::vector<std::string>& genres);
// Genres get weight 1/#genres; a missing year or genre list is counted in `report`.
void add_item(FeatureBuilder& items, const ItemFields& f, std::int32_t row,
              std::span<const std::string_view> genres, std::optional<int> year, LoadReport& report);

// Splits "Action|Comedy" into genres; "(no genres listed)" (ML-20M) is none.
void split_genre_list(std::string_view list, std::vector<std::string_view>& genres);

// The id of a users/items line: must be new, else a DataError naming the line.
std::int32_t declare_id(IdMap& ids, std::string_view raw, const LineReader& reader, const char* kind);

// The directory's own name ("ml-100k" for "data/ml-100k/"), used as the dataset name.
std::string dir_name(const std::filesystem::path& dir);
// A DataError unless dir/file exists; `layout` names the expected data set.
std::filesystem::path require_file(const std::filesystem::path& dir, const char* file,
                                   const char* layout);

// A layout with a users file, an items file and a ratings file (100K and 1M): reads the
// users and items with the given readers, then the ratings, and builds the features.
struct Layout {
  const char* format;  // Dataset::format
  const char* name;    // for messages: "MovieLens 100K"
  const char* users_file;
  const char* items_file;
  const char* ratings_file;
  const char* delimiter;  // of the ratings file
};
using ReadFile = void (*)(const std::filesystem::path&, Dataset&, FeatureBuilder&);
Dataset load_layout(const std::filesystem::path& dir, const Layout& layout, ReadFile read_users,
                    ReadFile read_items);

// Runs `on_line` for each non-blank line split at `delim` into exactly `fields` fields;
// a wrong field count or a file without records is a DataError.
template <class OnLine>
void for_each_record(LineReader& reader, std::string_view delim, std::size_t fields,
                     std::string_view expected, OnLine on_line) {
  std::vector<std::string_view> f(fields);
  std::string_view line;
  bool any = false;
  while (reader.next(line)) {
    if (trim(line).empty()) continue;
    const std::size_t n = split_fields(line, delim, f);
    if (n != fields)
      reader.fail(std::string(expected) + ", not " + std::to_string(n) + " field" + (n == 1 ? "" : "s"));
    on_line(std::span<const std::string_view>(f));
    any = true;
  }
  if (!any) reader.fail_empty(expected);
}

}  // namespace recgrad::data::movielens
