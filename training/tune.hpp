// Choosing a model's settings on validation alone (`recgrad tune`).
//
// The split's test part is taken out of the data before anything else happens: every
// trial trains and is scored on what remains, split again the way the test part was
// split off (a random split's fraction, each user's last interaction, a time quantile,
// held-out items), so the figure a setting is chosen on comes from interactions that
// play the test part's role without being it. Only the chosen setting is then trained on
// the split's training part and tested, once, as `recgrad train` would.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "data/dataset.hpp"
#include "data/split.hpp"
#include "evaluation/metrics.hpp"
#include "training/setup.hpp"

namespace recgrad {

// The data a tuning run sees: the split's non-test interactions, and a split of them.
struct TuningData {
  data::Dataset ds;
  data::Split split;   // its test part is the tuning's validation part
  std::string how;     // "random 20% of the training part", for the printed summary
};

// `options` is how `split` was made from `ds` (its name, seed and fractions). A split
// shipped as files (u1..u5, ua, ub) is made again as a random split of the same test
// fraction; the others are made again by their own rule, seeded apart from the original.
TuningData tuning_data(const data::Dataset& ds, const data::Split& split, const data::SplitOptions& options);

struct Trial {
  std::optional<EvalResult> validation;  // the tuning validation's figures (the first seed's); none when
                                         // training failed
  std::vector<double> scores;            // the metric chosen on, one per seed
  double score = 0;                      // their mean: what the trial is chosen by
  std::int64_t best_epoch = 0;           // as the trainer's selection (on its own inner validation) chose
  double seconds = 0;                    // training and scoring
  std::string failure;                   // why training stopped, when it did (a diverging setting)
};

// Trains model `name` with `setup` on the tuning data and scores it on the tuning
// validation by `metric`, once per seed of `seeds` (seed, seed + 1, ...: the
// initialisation and the sampling; the tuning split stays). One seed's difference
// between two settings is often smaller than what the seed alone moves. A setting whose
// training diverges is a failed trial, not an error: searching is how one finds such
// settings.
Trial run_trial(const std::string& name, const TrainingSetup& setup, const TuningData& tuning,
                const std::string& metric, std::uint64_t seed, int seeds = 1);

// The index of the best trial by `metric` (lower is better for rmse, mae and log loss);
// std::runtime_error when every trial failed.
std::size_t best_trial(const std::vector<Trial>& trials, const std::string& metric);

}  // namespace recgrad
