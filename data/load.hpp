// One entry point for "the data the user asked for": what `--data PATH [--format F]`
// means on every command.
//
// Formats, detected from PATH unless given:
//   (no path)    builtin   the synthetic MovieLens-shaped set (data/synthetic.hpp)
//   DIR/u.data   ml100k    DIR/ratings.dat  ml1m    DIR/ratings.csv  ml20m
//   DIR/interactions.csv   generic, with DIR/user_features.csv and item_features.csv
//                          when present (what `recgrad generate` writes)
//   a file       generic
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "data/columns.hpp"
#include "data/dataset.hpp"

namespace recgrad::data {

struct DataSource {
  std::filesystem::path path{};  // empty: the built-in set
  std::string format = "auto";  // auto, builtin, ml100k, ml1m, ml20m, generic
  std::filesystem::path user_features{};  // generic only; override the ones found in DIR
  std::filesystem::path item_features{};
  ColumnChoice columns{};  // generic only: --columns
  std::string item_id_column{};           // generic only: the item files' id column (data/feature_table.hpp)
  std::string user_id_column{};           // and the user file's
  std::filesystem::path item_titles{};    // generic only: titles from this file's
  std::string item_titles_column{};       // column ("": "title")
  std::uint64_t builtin_seed = 0;       // which built-in set (commands keep 0)
};

const std::vector<std::string>& format_names();  // the values `format` accepts

// The format "auto" resolves to for `path`; throws DataError when PATH is neither a file
// nor a directory in one of the layouts above.
std::string detect_format(const std::filesystem::path& path);

// Throws DataError for bad files, std::invalid_argument for an unknown format name.
Dataset load_dataset(const DataSource& source);

}  // namespace recgrad::data
