// The in-memory dataset every model, split and metric works on.
//
// Users and items are dense 0-based indices (IdMap keeps the raw ids for output).
// Interactions are parallel arrays, one row per (user, item) event, so a split or a
// minibatch is just a list of row numbers into them. Row numbers are int32: 2^31 rows
// would need ~40 GB in this layout, well past what we load.
//
// Duplicate (user, item) pairs: the LAST one in file order wins (its rating and
// timestamp are kept, at its own position); earlier ones are dropped and counted in
// `report.duplicates`. So every (user, item) pair occurs at most once.
#pragma once

#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <vector>

#include "data/features.hpp"
#include "data/id_map.hpp"
#include "data/user_items.hpp"

namespace recgrad::data {

struct Interactions {
  std::vector<std::int32_t> users;
  std::vector<std::int32_t> items;
  std::vector<float> ratings;             // 1 for implicit data without a rating column
  std::vector<std::int64_t> timestamps;   // 0 when the data has no timestamp column

  std::int64_t size() const { return static_cast<std::int64_t>(users.size()); }
  void reserve(std::size_t n);
  void push_back(std::int32_t user, std::int32_t item, float rating, std::int64_t timestamp);
};

// What a load did, so that nothing is dropped silently.
struct LoadReport {
  std::vector<std::string> files;   // every file read
  std::int64_t lines = 0;           // interaction records read (= interactions + duplicates)
  std::int64_t header_lines = 0;    // header lines recognised and skipped
  std::int64_t blank_lines = 0;     // empty lines skipped
  std::int64_t duplicates = 0;      // earlier copies of a (user, item) pair, dropped
  std::int64_t items_without_year = 0;    // items with no decade feature
  std::int64_t items_without_genres = 0;  // items with no genre feature
  std::int64_t items_described = -1;      // a user's item table: items it has a row for (-1: none read)
  std::int64_t unknown_item_rows = 0;     // and rows whose id the interactions lack
  std::string columns;                     // which field held what: "user=userId (field 2), ..."
  std::vector<std::string> unused_columns;  // fields no role read, by their header names
  static constexpr const char* kDuplicateRule = "keep the last occurrence in file order";
};

// A train/test pair of files shipped with the data (ML-100K's u1.base/u1.test ...).
struct ShippedSplit {
  std::string name;
  std::filesystem::path base;
  std::filesystem::path test;
};

struct Dataset {
  std::string name;    // "ml-100k", "builtin(seed=0)", a file name ...
  std::string format;  // "ml100k", "ml1m", "ml20m", "generic", "builtin"
  IdMap users;
  IdMap items;
  std::vector<std::string> item_titles;  // one per item, or empty when the data has none
  Interactions interactions;
  bool has_ratings = true;
  bool has_timestamps = true;
  FeatureMatrix user_features;  // field "user_id" first
  FeatureMatrix item_features;  // field "item_id" first
  LoadReport report;
  std::vector<ShippedSplit> shipped_splits;

  std::int32_t num_users() const { return users.size(); }
  std::int32_t num_items() const { return items.size(); }
  std::int64_t num_interactions() const { return interactions.size(); }
  double density() const;
  // The title if there is one, else the raw id: what to print for an item.
  std::string item_label(std::int32_t item) const;

  // The distinct items per user among `rows` (e.g. a split's train part).
  UserItems user_items(std::span<const std::int32_t> rows) const;
  UserItems user_items() const;  // over all interactions
  // How many of `rows` each item has: the popularity that negative sampling uses.
  std::vector<std::int64_t> item_counts(std::span<const std::int32_t> rows) const;
};

// Applies the duplicate rule to ds.interactions (counting into ds.report), checks
// that every index is in range, and sets has_ratings / has_timestamps. Every loader
// ends with it; features are built separately because they need the final id maps.
void finish_interactions(Dataset& ds, bool has_ratings, bool has_timestamps);

// Rows 0 .. n-1: "all interactions" as a row list.
std::vector<std::int32_t> all_rows(const Dataset& ds);

// A copy of `ds` that holds only `rows` (ascending, in that order) and no shipped split
// files, with the same users, items, titles and features: what a step that must not see
// the other interactions is given (tuning never sees the test part).
Dataset with_rows(const Dataset& ds, std::span<const std::int32_t> rows);

}  // namespace recgrad::data
