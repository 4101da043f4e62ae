// Train / validation / test splits of a Dataset's interactions, chosen by name.
//
//   u1..u5, ua, ub  the split files shipped with MovieLens 100K (uN.base / uN.test);
//                   an error for data sets that have none.
//   random          a seeded shuffle of the interactions; the first
//                   round(test_fraction * n) are test, the rest train.
//   last            per user, by (timestamp, item id): the last interaction is test, the
//                   second-to-last validation, the rest train. Interactions at the same time
//                   are ordered by item id (ascending numeric ids when the ids are numbers;
//                   Split::tied counts the users where this decided test or validation).
//                   A user with 2 interactions gives 1 train + 1 test, a user with 1 keeps
//                   it in train (both counted).
//   temporal        a global time cutoff at the `time_quantile` quantile of timestamps:
//                   earlier interactions train, the cutoff second and later test (ties at
//                   the cutoff all go to test; Split::tied counts them).
//   coldstart       `item_fraction` of the catalogue's items (seeded choice) is held out:
//                   all their interactions are test, none are train.
//   (random and coldstart have no ties to break: a seeded shuffle of rows or items decides.)
//   files:DIR       the parts a `recgrad split --out DIR` wrote (data/split_files.hpp).
//
// Only `last` has a validation part; the others leave it empty and the trainer carves
// one out of train if it wants one. Row lists are ascending rows of
// Dataset::interactions, so they keep file order. Same dataset + options = same split.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "data/dataset.hpp"

namespace recgrad::data {

struct SplitOptions {
  std::string name = "random";
  std::uint64_t seed = 0;
  double test_fraction = 0.2;  // random
  double item_fraction = 0.1;  // coldstart
  double time_quantile = 0.8;  // temporal
};

struct Split {
  std::string name;
  std::vector<std::int32_t> train;
  std::vector<std::int32_t> validation;
  std::vector<std::int32_t> test;
  std::vector<std::int32_t> cold_items;    // coldstart: the held-out items, ascending
  std::int64_t unassigned = 0;             // rows in no part (shipped files that skip some)
  std::int64_t short_users = 0;            // last: users with fewer than 3 interactions
  // last: users whose test or validation interaction has the same timestamp as the one
  // before it (their order is the item ids'); temporal: interactions at the cutoff time.
  std::int64_t tied = 0;
  // Set by rated_at_least: the smallest rating kept, and how many interactions of the
  // parts were rated below it and left out.
  std::optional<double> positive_rating;
  std::int64_t below_positive = 0;

  // "split u1: train 80000, validation 0, test 20000" and any counts above that are set.
  std::string summary() const;
};

// All names make_split accepts.
const std::vector<std::string>& split_names();

// Throws std::invalid_argument for an unknown name or bad option, and DataError when
// the data cannot support the split (no shipped files, no timestamps, bad split files).
Split make_split(const Dataset& ds, const SplitOptions& options);

// `split` without the interactions rated below `min_rating`, in every part: an implicit
// model's --positive-rating. The held-out items of a cold-start split stay held out.
// Applying it again with the same rating changes nothing. Throws DataError when the data
// has no ratings (every interaction would be 1) and std::invalid_argument when nothing of
// the training part is left.
Split rated_at_least(const Dataset& ds, Split split, double min_rating);

}  // namespace recgrad::data
