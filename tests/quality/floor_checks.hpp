// What a quality floor is: a model, with its defaults (and any options the floor names),
// must beat its baseline on the same split, candidates and protocol by a stated ratio, on
// each of three seeds (the seed draws the split where it is random, the initialisation
// and the sampling), each seed against that seed's own baseline. The baselines: pop for
// the rankers and the binary model, judged as the model is (on a cold-start split pop ranks
// the unseen items by their features' popularity: "popular genres"); the training mean for
// the rating models' rmse, or user + item biases (`biases`) where the floor says so; the training positive rate for the binary model's log loss. A
// floor may add an absolute figure (what the README promises).
#pragma once

#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "data/split.hpp"
#include "training/baseline.hpp"

namespace recgrad::testing {

struct Floor {
  std::string model, split, metric;
  double ratio;  // the model's figure over its baseline's: at least this (at most, for rmse)
  double absolute = std::numeric_limits<double>::quiet_NaN();  // and at least (at most) this, when set
  std::vector<std::pair<std::string, std::string>> options = {};  // over the model's defaults
  // An rmse floor against the rating models' baseline (user + item biases) rather than the
  // training mean: the bar a rating model must clear to have learnt anything of taste.
  bool against_biases = false;
};

inline constexpr std::uint64_t kFloorSeeds[] = {0, 1, 2};

inline TrainingSetup floor_setup(const Floor& floor) {
  const ModelSpec& spec = model_spec(floor.model);
  Options options = spec.default_options();
  for (const auto& [name, value] : floor.options) options.set_text(name, value);
  TrainingSetup setup = setup_from_options(spec, spec.settled(options));
  setup.train.threads = 1;
  return setup;
}

// RMSE of predicting `mean` for every test rating.
inline double mean_rmse(const data::Dataset& ds, const data::Split& split, double mean) {
  double sum = 0;
  for (const std::int32_t r : split.test) sum += std::pow(ds.interactions.ratings[r] - mean, 2);
  return std::sqrt(sum / static_cast<double>(split.test.size()));
}

// Log loss of predicting the training part's positive rate for every test label.
inline double base_rate_logloss(const data::Dataset& ds, const data::Split& split, double threshold) {
  const auto& ratings = ds.interactions.ratings;
  double positives = 0, loss = 0;
  for (const std::int32_t r : split.train) positives += ratings[r] >= threshold;
  const double p = positives / static_cast<double>(split.train.size());
  for (const std::int32_t r : split.test) loss -= ratings[r] >= threshold ? std::log(p) : std::log(1 - p);
  return loss / static_cast<double>(split.test.size());
}

// The baseline's figure for `floor.metric` beside run `r`, and its name.
inline std::pair<double, std::string> baseline_figure(const data::Dataset& ds, const data::Split& split,
                                                      const RunOutcome& r, const Floor& floor, std::uint64_t seed) {
  if (floor.metric == "rmse" && !floor.against_biases)
    return {mean_rmse(ds, split, r.setup.model.global_mean), "training mean"};
  if (floor.metric == "logloss")
    return {base_rate_logloss(ds, split, r.setup.model.positive_rating), "training positive rate"};
  const auto baseline = compare_with_baseline(r, ds, split, seed);
  REQUIRE(baseline);
  REQUIRE_MESSAGE(baseline->test, baseline->why_not);
  return {metric_value(*baseline->test, floor.metric), baseline->model};
}

inline void check_floor(const data::Dataset& ds, const Floor& floor) {
  const bool lower = lower_is_better(floor.metric);
  for (const std::uint64_t seed : kFloorSeeds) {
    const data::Split split = data::make_split(ds, {.name = floor.split, .seed = seed});
    const RunOutcome r = run_training(floor.model, ds, split, floor_setup(floor), seed);
    const double ours = metric_value(r.test, floor.metric);
    const auto [theirs, name] = baseline_figure(ds, split, r, floor, seed);
    MESSAGE(floor.model << " " << floor.split << " seed " << seed << ": " << floor.metric << " " << ours << ", "
                        << name << " " << theirs << ", x" << ours / theirs << " (floor x" << floor.ratio
                        << (std::isnan(floor.absolute) ? "" : " and " + std::to_string(floor.absolute)) << ")");
    CHECK((lower ? ours <= floor.ratio * theirs : ours >= floor.ratio * theirs));
    if (!std::isnan(floor.absolute)) CHECK((lower ? ours <= floor.absolute : ours >= floor.absolute));
  }
}

}  // namespace recgrad::testing
