// A user's own file about their items (or users): a header, one column of ids, and columns
// that describe them, as a spreadsheet export has them:
//   movieId,title,genres,year
//   1,"Toy Story (1995)",Adventure|Animation|Children,1995
// `--item-features FILE` turns every other column into features, as the MovieLens loaders
// do with genres and years: a text column's values, split at '|' (each of n values weighs
// 1/n, as genres do); a numeric column's values themselves when it has at most 10
// distinct ones, else its decile (10 bins at the quantiles) so that a price or a year
// becomes a handful of comparable features. `--item-titles FILE[:COLUMN]` reads titles
// (the column "title" unless named). The id column is `--item-id-column`, else the one
// named like an item column of an interactions file (movieId, item_id, ...) or "id".
// `--user-features FILE` reads a user file the same way (`--user-id-column`; userId, ...).
// Rows the file does not have get no features; ids it has that the data lacks are
// counted and left out.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "data/columns.hpp"
#include "data/features.hpp"
#include "data/id_map.hpp"

namespace recgrad::data {

struct FeatureTableReport {
  std::int64_t described = 0;     // the data's users or items the file has a row for
  std::int64_t unknown_ids = 0;   // rows whose id the data lacks
  std::vector<std::string> fields;  // the feature columns read
};

// Adds the file's columns (all but the id column and `skip`) to `builder`, whose rows
// are `ids` (the users or items: `side`). Throws DataError naming the file, line and
// column for a row with the wrong number of fields, an empty or repeated id, or a header
// without an id column.
FeatureTableReport read_feature_table(const std::filesystem::path& path, Role side, const IdMap& ids,
                                      const std::string& id_column, FeatureBuilder& builder,
                                      const std::vector<std::string>& skip = {"title"});

// Whether `path` is such a table: its first line is a header naming an id column (by
// `id_column`, or by the side's spellings or "id"), not the "id,features" header or the
// header-less "id,field=value;..." rows of the files `recgrad generate` writes.
bool is_feature_table(const std::filesystem::path& path, Role side, const std::string& id_column);

// One title per item of `items` ("" for an item the file does not mention), from
// `column` ("" for "title"). Throws DataError when the column is missing.
std::vector<std::string> read_item_titles(const std::filesystem::path& path, const IdMap& items,
                                          const std::string& id_column, const std::string& column);

}  // namespace recgrad::data
