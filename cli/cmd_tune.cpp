// recgrad tune --model M --search name=v1,v2,... [--search name=low..high] [--random N]
//              [data options] [fixed model options] [--threads T] [--grad auto|manual] [--save FILE]
//              [--candidates all|sampled:N]
// Searches some of a model's declared options (a grid over the listed values, or N random
// draws) with every trial scored on validation carved from the training part
// (training/tune.hpp): the test part is out of the data before the first trial. Then the
// chosen setting is trained as `recgrad train` would and tested, once. Standard output
// gets one JSON line per trial and one for the result; standard error a line per trial.
#include <algorithm>
#include <cstdio>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "cli/data_options.hpp"
#include "cli/model_options.hpp"
#include "cli/run_options.hpp"
#include "io/output_path.hpp"
#include "io/saved_run.hpp"
#include "training/baseline.hpp"
#include "training/search_space.hpp"
#include "training/tune.hpp"

namespace recgrad::cli {

namespace {

struct TuneArgs {
  std::string model = default_model().name;
  DataArgs data;
  std::vector<std::string> search;
  std::int64_t random = 0;  // 0: the whole grid
  int seeds = 1;            // runs per trial, their mean chosen on
  std::string grad = "auto", save;
  int threads = 0;
  GivenOptions options;  // fixed for every trial
  std::string candidates = "all";  // --candidates, as given
  CandidateSampling sampling;      // what it asks for, once the data is known
};

TrainingSetup setup_for(const TuneArgs& a, const ModelSpec& spec, const Options& options) {
  TrainingSetup s = setup_from_options(spec, options);
  s.train.manual_gradients = a.grad == "manual";
  s.train.seed = a.data.seed;
  s.train.threads = a.threads;
  s.train.test_candidates = a.sampling;
  return s;
}

std::vector<SearchPoint> points_of(const TuneArgs& a, const ModelSpec& spec) {
  const std::vector<SearchDimension> space = parse_search_space(spec, a.search);
  for (const SearchDimension& d : space)
    if (a.options.count(d.option))
      throw std::invalid_argument("--" + d.option + " is both fixed and searched (--search " + d.option + "=...)");
  return a.random > 0 ? random_points(space, a.random, a.data.seed) : grid_points(space);
}

Options with_point(const ModelSpec& spec, Options options, const SearchPoint& point) {
  for (const auto& [name, text] : point) options.set_text(name, text);
  return spec.settled(options);
}

std::string point_text(const SearchPoint& point) {
  std::string out;
  for (const auto& [name, text] : point) out += (out.empty() ? "" : " ") + name + "=" + text;
  return out;
}

nlohmann::json trial_json(std::size_t index, const SearchPoint& point, const Trial& trial) {
  nlohmann::json j = {{"trial", index + 1}, {"search", point}, {"seconds", trial.seconds}};
  if (!trial.failure.empty()) {
    j["failed"] = trial.failure;
    return j;
  }
  j["validation"] = to_json(*trial.validation);
  j["score"] = trial.score;
  j["scores"] = trial.scores;
  j["best_epoch"] = trial.best_epoch;
  return j;
}

void report_trial(std::size_t index, std::size_t count, const SearchPoint& point, const Trial& trial,
                  const std::string& metric) {
  std::cout << trial_json(index, point, trial).dump() << std::endl;
  if (trial.failure.empty()) {
    const auto [low, high] = std::minmax_element(trial.scores.begin(), trial.scores.end());
    const std::string spread = trial.scores.size() < 2 ? "" : " (mean of " + std::to_string(trial.scores.size()) +
                                                                   " seeds, " + std::to_string(*low) + " .. " +
                                                                   std::to_string(*high) + ")";
    std::fprintf(stderr, "trial %zu/%zu  %s: validation %s %.4f%s (%.1f s)\n", index + 1, count,
                 point_text(point).c_str(), metric.c_str(), trial.score, spread.c_str(), trial.seconds);
  } else
    std::fprintf(stderr, "trial %zu/%zu  %s: failed: %s\n", index + 1, count, point_text(point).c_str(),
                 trial.failure.c_str());
}

void run_tune(TuneArgs a) {
  if (!a.save.empty()) {
    const NamedPath data[] = {{"--data", a.data.path}}, save[] = {{"--save", a.save}};
    refuse_output_over_input(data, save);
    resolve_output(a.save);
  }
  const ModelSpec& spec = model_spec(a.model);
  const std::vector<SearchPoint> points = points_of(a, spec);
  const Options fixed = options_from(a.model, a.options, spec.default_options(), false);
  const data::Dataset ds = load_data(a.data);
  const data::Split split = load_split(ds, a.data);
  const TuningData tuning = tuning_data(ds, split, split_options(ds, a.data));
  // The trials are scored as the final test is: sampled there, sampled on validation too.
  a.sampling = test_candidates(a.candidates, a.data.seed,
                               std::min(test_candidate_count(ds, split), test_candidate_count(tuning.ds, tuning.split)));
  require_rankable(a.model, a.sampling);
  TrainingSetup first = setup_for(a, spec, with_point(spec, fixed, points.front()));
  const std::string metric = first.train.metric.empty() ? default_metric(spec.feedback, first.train.k)
                                                          : first.train.metric;
  std::fprintf(stderr, "tune %s on %s, %s: %zu trials, each scored on validation %s\n", a.model.c_str(),
               ds.name.c_str(), split.summary().c_str(), points.size(), metric.c_str());
  std::fprintf(stderr, "validation: %s (%s); the test part is not read until the end\n", tuning.how.c_str(),
               tuning.split.summary().c_str());
  std::fprintf(stderr, "%s; the trials' validation the same\n", candidates_line(a.sampling).c_str());
  std::vector<Trial> trials;
  for (std::size_t i = 0; i < points.size(); ++i) {
    trials.push_back(run_trial(a.model, setup_for(a, spec, with_point(spec, fixed, points[i])), tuning, metric,
                               a.data.seed, a.seeds));
    report_trial(i, points.size(), points[i], trials.back(), metric);
  }
  const std::size_t best = best_trial(trials, metric);
  const Options chosen = with_point(spec, fixed, points[best]);
  const RunOutcome run = run_training(a.model, ds, split, setup_for(a, spec, chosen), a.data.seed);
  if (!a.save.empty()) save_model(a.save, *run.model, model_info(run, ds, split));
  nlohmann::json out = {{"model", a.model},         {"data", ds.name},
                        {"split", split.name},      {"trials", trials.size()},
                        {"chosen", points[best]},   {"settings", chosen.to_json()},
                        {"selected_on", "validation " + metric + ": " + tuning.how},
                        {"candidates", candidates_json(a.sampling)},
                        {"validation", to_json(*trials[best].validation)},
                        {"test", to_json(run.test)}};
  if (const auto baseline = compare_with_baseline(run, ds, split, a.data.seed)) out["baseline"] = to_json(*baseline);
  if (!a.save.empty()) out["saved_to"] = a.save;
  if (!run.setup.from_data.empty()) out["from_data"] = run.setup.from_data;
  std::cout << out.dump() << std::endl;
  std::fprintf(stderr, "chosen (trial %zu): %s, validation %s %.4f; test %s\n", best + 1,
               point_text(points[best]).c_str(), metric.c_str(), trials[best].score, to_json(run.test).dump().c_str());
}

}  // namespace

void add_tune_command(CLI::App& app) {
  auto a = std::make_shared<TuneArgs>();
  CLI::App* cmd = app.add_subcommand("tune", "Choose a model's settings on validation, then test the chosen once");
  cmd->add_option("--model", a->model, "Model")->check(CLI::IsMember(model_names()))->capture_default_str();
  cmd->add_option("--search", a->search,
                  "An option and what to try: name=v1,v2,... (a list) or name=low..high (a range, for --random; "
                  "drawn on a log scale when low > 0 and high >= 10 low); repeat for more options")
      ->required();
  cmd->add_option("--random", a->random, "Draw this many settings at random instead of trying the whole grid")
      ->check(CLI::Range(std::int64_t{1}, std::int64_t{100000}));
  cmd->add_option("--seeds", a->seeds,
                  "Train each setting with this many seeds (--seed, --seed + 1, ...) and choose on their mean")
      ->check(CLI::Range(1, 100))
      ->capture_default_str();
  add_data_options(cmd, a->data);
  add_model_options(cmd, a->options);
  add_threads_option(cmd, a->threads, "OpenMP threads (default: all cores)");
  add_grad_option(cmd, a->grad);
  add_candidates_option(cmd, a->candidates);
  cmd->add_option("--save", a->save, "Write the chosen setting's trained model to this model file");
  cmd->callback([a, cmd] {
    TuneArgs args = *a;
    keep_given(cmd, args.options);
    run_tune(args);
  });
}

}  // namespace recgrad::cli
