// MovieLens loaders. Each takes the unpacked directory as distributed by GroupLens.
//
// Indices follow the order of the users/items files (ML-100K: index = raw id - 1, the
// same 0-based ids as the PyTorch peers); a rating naming an id missing from those
// files is bad input. Titles become UTF-8 (100K and 1M are Latin-1).
//
// Features (data/features.hpp):
//   users: user_id | age (ML-1M buckets: under 18, 18-24, 25-34, 35-44, 45-49, 50-55, 56+)
//          | gender (M, F) | occupation            (100K and 1M; 20M/latest have ids only)
//   items: item_id | genre (multi-hot, weights 1/#genres) | decade of release ("1990s";
//          from the release date in 100K, from the "(1995)" in the title otherwise)
// Items without a year or without a genre simply lack that feature; they are counted
// in the load report.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "data/dataset.hpp"

namespace recgrad::data {

// u.data, u.item, u.user; u1..u5, ua, ub base/test pairs become shipped_splits.
Dataset load_movielens_100k(const std::filesystem::path& dir);
// ratings.dat, movies.dat, users.dat ("::"-separated, Latin-1).
Dataset load_movielens_1m(const std::filesystem::path& dir);
// ratings.csv, movies.csv with headers: ML-20M, ML-25M, ml-latest, ml-latest-small.
Dataset load_movielens_csv(const std::filesystem::path& dir);

// The age bucket names, in order, and the bucket of an age in years (ML-1M codes
// 1, 18, 25, 35, 45, 50, 56 are the lower edges, so they map to their own bucket).
const std::vector<std::string>& age_bucket_names();
int age_bucket(int age);

}  // namespace recgrad::data
