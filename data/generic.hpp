// The generic text formats, and the interaction-line reader the MovieLens loaders share.
//
// Interactions file: one event per line, `user<D>item[<D>rating[<D>timestamp]]`,
// where the delimiter D is detected from the first line (`::` if present, else a tab,
// else a comma) and every line must have the same number of fields. Ratings are numbers,
// timestamps integers. The first line is a header when all its fields start with a
// letter and either it has three or more fields (a rating is no word) or one of them
// names a role ("bob,x" is data; "uid,iid" a header). A header's names choose the
// columns (data/columns.hpp: `movieId,userId,rating` reads users from field 2), and
// columns no role reads are named in the report; `--columns` overrides.
//
// Feature file (optional, one for users and one for items):
//   `id,feature[:weight];feature[:weight]...`   (comma or tab after the id)
// A feature "genre=Drama" belongs to field "genre"; one without '=' to field "feature".
// The weight defaults to 1. Every id must occur in the interactions, at most once per
// file, and a feature at most once per line. A first line whose id is "id", "user",
// "item", "user_id" or "item_id" and is not a known id is a header.
//
// Raw ids that are all plain integers are numbered in numeric order; otherwise in
// order of first appearance in the interactions file.
#pragma once

#include <filesystem>
#include <string>

#include "data/columns.hpp"
#include "data/dataset.hpp"

namespace recgrad::data {

struct InteractionFormat {
  std::string delimiter = ",";
  ColumnRoles roles = {};  // which field holds the user, item, rating and timestamp
  bool header = false;     // the first non-blank line is a header
  std::vector<std::string> names = {};  // the header's names (for messages), if it has one
  bool add_users = true;   // a new raw user id gets an index; otherwise it is an error
  bool add_items = true;
};

// Appends the interactions of `path` to `out`, mapping ids through `users`/`items`;
// counts lines into `report`. Throws DataError on any malformed line.
void read_interactions(const std::filesystem::path& path, const InteractionFormat& format,
                       IdMap& users, IdMap& items, Interactions& out, LoadReport& report);

// Looks at the first non-blank line: delimiter, header, and which field holds what, by
// the header's names or `choice` (--columns) or the fixed order. Throws DataError.
InteractionFormat detect_interaction_format(const std::filesystem::path& path, const ColumnChoice& choice = {});

struct GenericPaths {
  std::filesystem::path interactions{};
  std::filesystem::path user_features{};  // empty: ids only
  std::filesystem::path item_features{};
  ColumnChoice columns{};  // --columns: empty, the header's names or the fixed order
  // A user's own item file (data/feature_table.hpp): its id column ("": found by name), and
  // a file and column for titles.
  std::string item_id_column{};
  std::string user_id_column{};
  std::filesystem::path item_titles{};
  std::string item_titles_column{};
};

Dataset load_generic(const GenericPaths& paths);

// Reads a feature file into `builder`, whose rows are the ids of `ids`.
void read_feature_file(const std::filesystem::path& path, const IdMap& ids,
                       std::string_view id_kind, FeatureBuilder& builder);

}  // namespace recgrad::data
