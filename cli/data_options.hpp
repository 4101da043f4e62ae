// The data options every command shares: --data, --format, --split, --seed.
#pragma once

#include <CLI/CLI.hpp>
#include <string>

#include "data/dataset.hpp"
#include "data/split.hpp"

namespace recgrad::cli {

struct DataArgs {
  std::string path;            // empty: the built-in synthetic set
  std::string format = "auto";
  std::string columns;         // --columns role=column,...: empty, the header's names or the fixed order
  std::string split;           // empty: u1 where the data ships it, else random
  std::string item_features;   // a user's own item file (data/feature_table.hpp)
  std::string user_features;   // and user file
  std::string user_id_column;
  std::string item_titles;     // FILE[:COLUMN]
  std::string item_id_column;  // those files' id column (empty: found by name)
  std::uint64_t seed = 0;
};

void add_data_options(CLI::App* cmd, DataArgs& args);

data::Dataset load_data(const DataArgs& args);
// How the split the arguments name is made, resolved against what the data offers.
data::SplitOptions split_options(const data::Dataset& ds, const DataArgs& args);
// That split.
data::Split load_split(const data::Dataset& ds, const DataArgs& args);

}  // namespace recgrad::cli
