#include "training/baseline.hpp"

#include "models/registry.hpp"

namespace recgrad {

namespace {

// Why the baseline cannot stand beside the model on this split, or "" when it can.
std::string incomparable(const ModelSpec& baseline, const Recommender<float>& model, const data::Split& split) {
  if (model.feedback() == Feedback::Explicit && baseline.feedback != Feedback::Explicit)
    return model.name() + " is judged by rating errors (rmse, mae), and " + baseline.name + " predicts no ratings";
  if (!split.cold_items.empty() && !baseline.scores_unseen_items)
    return baseline.name + " cannot rank items unseen in training, and split " + split.name + " tests only such items";
  return "";
}

// The setup the baseline trains with: its own defaults, and the run's test settings
// (k, threads, sampled candidates, label threshold, next-item history), so that both are tested alike.
TrainingSetup baseline_setup(const ModelSpec& baseline, const TrainingSetup& run) {
  TrainingSetup setup = setup_from_options(baseline, baseline.default_options());
  setup.train.k = run.train.k;
  setup.train.threads = run.train.threads;
  setup.train.test_candidates = run.train.test_candidates;
  setup.train.batches.max_history = run.train.batches.max_history;
  setup.model.positive_rating = run.model.positive_rating;
  return setup;
}

}  // namespace

std::optional<BaselineComparison> compare_with_baseline(const RunOutcome& run, const data::Dataset& ds,
                                                        const data::Split& split, std::uint64_t seed) {
  const ModelSpec& spec = baseline_model(run.model->feedback());
  if (run.model->name() == spec.name) return std::nullopt;
  BaselineComparison out{.model = spec.name, .test = {}, .why_not = incomparable(spec, *run.model, split), .lift = {}};
  if (!out.why_not.empty()) return out;
  const TrainingSetup setup = baseline_setup(spec, run.setup);
  RunOutcome baseline = run_training(spec.name, ds, split, setup, seed);
  const Feedback protocol = run.model->feedback();
  out.test = baseline.model->feedback() == protocol ? baseline.test
                                                    : test_model(*baseline.model, ds, split, setup, protocol);
  for (const auto& [name, value] : quality_figures(run.test))
    for (const auto& [baseline_name, baseline_value] : quality_figures(*out.test))
      if (name == baseline_name && baseline_value != 0) out.lift.emplace_back(name, value / baseline_value);
  return out;
}

nlohmann::json to_json(const BaselineComparison& comparison) {
  nlohmann::json out = {{"model", comparison.model}};
  if (!comparison.test) {
    out["why_not"] = comparison.why_not;
    return out;
  }
  out["metrics"] = to_json(*comparison.test);
  out["lift"] = nlohmann::json::object();
  for (const auto& [name, ratio] : comparison.lift) out["lift"][name] = ratio;
  return out;
}

}  // namespace recgrad
