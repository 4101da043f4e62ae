// A split as files a user can open, and back: `recgrad split --out DIR` writes
// DIR/train.csv, validation.csv and test.csv (user,item[,rating][,timestamp] with a header,
// in the data's own ids) and, for a cold-start split, cold_items.csv (item); reading them
// back (`--split-from DIR`, the split name "files:DIR") finds each record among the data's
// interactions, so a model trains and is tested on exactly those parts.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "data/dataset.hpp"
#include "data/generic.hpp"
#include "data/split.hpp"

namespace recgrad::data {

// The split name that reads DIR back: "files:" + DIR.
inline constexpr std::string_view kSplitFilesPrefix = "files:";

struct SplitFiles {
  std::filesystem::path train, validation, test, cold_items;  // cold_items: empty unless written
};

// The file names in DIR, whether or not they exist.
SplitFiles split_file_paths(const std::filesystem::path& dir);

// Writes `split`'s parts to DIR (created if missing), each file whole or not at all.
// Throws std::invalid_argument if a file is already there (a split is never written over
// another) or an id holds a comma, quote or line break (the files are plain CSV).
SplitFiles write_split_files(const Dataset& ds, const Split& split, const std::filesystem::path& dir);

// The split DIR holds, named "files:DIR". Throws DataError for a missing file, a record
// not among the data's interactions, one in two parts, an unknown cold item, or a cold
// item with a training record.
Split read_split_files(const Dataset& ds, const std::filesystem::path& dir);

// The rows of `path`'s records in `ds`, ascending: each (user, item) found by binary
// search in `by_pair` (all rows, ordered by (user, item)). Ids must be known.
std::vector<std::int32_t> rows_of_file(const Dataset& ds, const std::filesystem::path& path,
                                       const std::vector<std::int32_t>& by_pair, InteractionFormat format);
// Throws DataError naming both files when the ascending row lists share a record.
void refuse_shared_records(const Dataset& ds, const std::vector<std::int32_t>& first,
                           const std::filesystem::path& first_file, const std::vector<std::int32_t>& second,
                           const std::filesystem::path& second_file);
// All of `ds`'s rows, ordered by (user, item): the index rows_of_file searches.
std::vector<std::int32_t> rows_by_pair(const Dataset& ds);

}  // namespace recgrad::data
