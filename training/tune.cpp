#include "training/tune.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <stdexcept>

#include "autodiff/random.hpp"
#include "training/run.hpp"

namespace recgrad {

namespace {

bool is_shipped(const std::string& split) {
  return split != "random" && split != "last" && split != "temporal" && split != "coldstart";
}

// How the tuning split was made, in words.
std::string describe(const data::SplitOptions& o, const data::Split& original) {
  if (o.name == "random")
    return "a random " + std::to_string(std::lround(100 * o.test_fraction)) + "% of the training part" +
           (is_shipped(original.name) ? " (split " + original.name + " is a shipped file pair)" : "");
  if (o.name == "last") return "each user's last training interaction";
  if (o.name == "temporal") return "the training part's interactions after its own time quantile";
  return "the interactions of held-out training items";
}

}  // namespace

TuningData tuning_data(const data::Dataset& ds, const data::Split& split, const data::SplitOptions& options) {
  std::vector<std::int32_t> rows = split.train;
  rows.insert(rows.end(), split.validation.begin(), split.validation.end());
  std::sort(rows.begin(), rows.end());
  TuningData out{data::with_rows(ds, rows), {}, {}};
  data::SplitOptions again = options;
  // Seeded apart from the original: the same seed would hold out the same cold items,
  // which are already gone.
  again.seed = Rng(options.seed ^ 0x74756E65ull).next_u64();
  if (is_shipped(split.name)) {
    again.name = "random";
    const auto total = static_cast<double>(rows.size() + split.test.size());
    again.test_fraction = static_cast<double>(split.test.size()) / total;
  }
  out.split = data::make_split(out.ds, again);
  out.how = describe(again, split);
  if (out.split.train.empty() || out.split.test.empty())
    throw std::invalid_argument("tune: split " + split.name + "'s training part (" + std::to_string(rows.size()) +
                                " interactions) is too small to hold out " + out.how + " for validation");
  return out;
}

Trial run_trial(const std::string& name, const TrainingSetup& setup, const TuningData& tuning,
                const std::string& metric, std::uint64_t seed, int seeds) {
  Trial trial;
  const auto start = std::chrono::steady_clock::now();
  try {
    for (int s = 0; s < seeds && trial.failure.empty(); ++s) {
      TrainingSetup seeded = setup;
      seeded.train.seed = seed + static_cast<std::uint64_t>(s);
      const RunOutcome run = run_training(name, tuning.ds, tuning.split, seeded, seeded.train.seed);
      if (s == 0) {
        trial.validation = run.test;
        trial.best_epoch = run.training.best_epoch;
      }
      trial.scores.push_back(metric_value(run.test, metric));
      if (!std::isfinite(trial.scores.back())) trial.failure = "validation " + metric + " is not a number";
    }
    double sum = 0;
    for (const double s : trial.scores) sum += s;
    trial.score = sum / static_cast<double>(trial.scores.size());
  } catch (const TrainingDiverged& e) {
    trial.failure = e.what();
    trial.validation.reset();
  }
  trial.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return trial;
}

std::size_t best_trial(const std::vector<Trial>& trials, const std::string& metric) {
  const bool lower = lower_is_better(metric);
  std::size_t best = trials.size();
  for (std::size_t i = 0; i < trials.size(); ++i) {
    if (!trials[i].failure.empty()) continue;
    // Ties keep the earlier trial: the grid's order, or the draw's.
    if (best == trials.size() || (lower ? trials[i].score < trials[best].score : trials[i].score > trials[best].score))
      best = i;
  }
  if (best == trials.size())
    throw std::runtime_error("tune: every one of the " + std::to_string(trials.size()) + " trials failed");
  return best;
}

}  // namespace recgrad
