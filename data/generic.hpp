// The generic text formats, and the interaction-line reader the MovieLens loaders share.
//
// Interactions file: one event per line, `user<D>item[<D>rating[<D>timestamp]]`,
// where the delimiter D is detected from the first line (`::` if present, else a tab,
// else a comma) and every line must have the same number of fields (2, 3 or 4).
// Ratings are numbers, timestamps integers. The first line is a header, skipped and
// counted, when all its fields start with a letter and either it has a rating column
// or its first field is "user", "user_id" or "userId" (so "1,2,abc" is a bad rating,
// not a header, and "bob,x" is data).
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

#include "data/dataset.hpp"

namespace recgrad::data {

struct InteractionFormat {
  std::string delimiter = ",";
  int columns = 4;         // user, item [, rating [, timestamp]]
  bool header = false;     // the first non-blank line is a header
  bool add_users = true;   // a new raw user id gets an index; otherwise it is an error
  bool add_items = true;
};

// Appends the interactions of `path` to `out`, mapping ids through `users`/`items`;
// counts lines into `report`. Throws DataError on any malformed line.
void read_interactions(const std::filesystem::path& path, const InteractionFormat& format,
                       IdMap& users, IdMap& items, Interactions& out, LoadReport& report);

// Looks at the first non-blank line: delimiter, column count, header.
InteractionFormat detect_interaction_format(const std::filesystem::path& path);

struct GenericPaths {
  std::filesystem::path interactions{};
  std::filesystem::path user_features{};  // empty: ids only
  std::filesystem::path item_features{};
};

Dataset load_generic(const GenericPaths& paths);

// Reads a feature file into `builder`, whose rows are the ids of `ids`.
void read_feature_file(const std::filesystem::path& path, const IdMap& ids,
                       std::string_view id_kind, FeatureBuilder& builder);

}  // namespace recgrad::data
