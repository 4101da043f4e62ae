// recgrad train --model M [--data PATH] [--split S] [--seed S] [model options]
//               [--threads T] [--grad auto|manual] [--log FILE] [--json]
//               [--save FILE] [--resume FILE] [--candidates all|sampled:N]
// The model options (--dim, --lr, --epochs, ...) are those the models declare in their
// registry entries (models/registry.hpp): each model accepts its own and refuses others.
// Trains a model with its defaults (overridden by the flags given), selects the
// epoch on validation, and reports the test metrics. --save writes the final model
// with its optimiser state to a model file; --resume continues a saved model for
// --epochs more epochs, with its saved settings, split and seed unless flags say otherwise.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "cli/data_options.hpp"
#include "cli/model_options.hpp"
#include "cli/run_options.hpp"
#include "retrieval/topk.hpp"
#include "training/progress.hpp"
#include "io/output_path.hpp"
#include "io/saved_run.hpp"
#include "io/training_log.hpp"
#include "training/baseline.hpp"
#include "training/run.hpp"

namespace recgrad::cli {

namespace {

struct TrainArgs {
  std::string model = default_model().name;
  DataArgs data;
  std::string grad = "auto", log;
  std::string candidates = "all";  // the final test's: all or sampled:N
  std::int32_t show = 3;
  int threads = 0;
  bool json = false, quiet = false;
  std::string save, resume;  // model files
  bool model_given = false, seed_given = false, grad_given = false;
  // The model options given on the command line, by name, as typed.
  GivenOptions options;
};

// The run's own settings, which are not the model's options.
TrainingSetup run_setup(const TrainArgs& a, TrainingSetup s) {
  s.train.manual_gradients = a.grad == "manual";
  s.train.seed = a.data.seed;
  s.train.threads = a.threads;
  s.train.progress = !a.quiet && ProgressBar::stderr_is_terminal();
  return s;
}

nlohmann::json settings_json(const TrainArgs& a, const Options& options) {
  nlohmann::json j = options.to_json();
  j["grad"] = a.grad;
  j["seed"] = a.data.seed;
  return j;
}

// settings_json's keys, each with where its value came from (cli/model_options.hpp).
nlohmann::json sources_json(const TrainArgs& a, const ModelSpec& spec, const Options& options,
                            const std::vector<std::string>& from_data) {
  nlohmann::json j = settings_source(spec, options, from_data);
  const auto run_origin = [](bool given, bool saved, const std::string& why_default) -> nlohmann::json {
    if (given) return {{"from", "command line"}, {"why", "given"}};
    if (saved) return {{"from", "model file"}, {"why", "the resumed model's"}};
    return {{"from", "default"}, {"why", why_default}};
  };
  j["grad"] = run_origin(a.grad_given, false, "automatic gradients unless told");
  j["seed"] = run_origin(a.seed_given, !a.resume.empty(), "recgrad's default seed");
  return j;
}

void print_recommendations(const Recommender<float>& model, const data::Dataset& ds, const data::UserItems& seen, int users) {
  std::vector<float> scores(static_cast<std::size_t>(model.num_items()));
  for (Id u = 0; u < std::min<Id>(users, model.num_users()); ++u) {
    model.score_users(u, 1, scores);
    const TopK top = top_k(scores, 5, seen.of(u));
    std::printf("user %s:", ds.users.raw(u).c_str());
    for (std::size_t r = 0; r < top.items.size(); ++r) std::printf("%s %s", r ? "," : "", ds.item_label(top.items[r]).c_str());
    std::printf("\n");
  }
}

// A resumed model keeps its type; its split and seed are the defaults.
void adopt_saved(TrainArgs& a, const SavedModel& saved) {
  if (a.model_given && a.model != saved.type())
    throw std::invalid_argument("--resume: " + a.resume + " holds a '" + saved.type() + "' model, not '" + a.model + "'");
  a.model = saved.type();
  if (a.data.split.empty()) a.data.split = saved.training.split;
  if (!a.seed_given) a.data.seed = saved.training.seed;
  if (a.data.split != saved.training.split || a.data.seed != saved.training.seed)
    std::fprintf(stderr, "note: the model was trained on split %s with seed %llu; resuming on split %s with seed %llu\n",
                 saved.training.split.c_str(), static_cast<unsigned long long>(saved.training.seed),
                 a.data.split.c_str(), static_cast<unsigned long long>(a.data.seed));
}

// A line per figure both have: the model's, the baseline's, and their ratio.
void print_baseline(const BaselineComparison& b, const EvalResult& model_test) {
  if (!b.test) {
    std::printf("no %s baseline: %s\n", b.model.c_str(), b.why_not.c_str());
    return;
  }
  std::printf("against the %s baseline (same split and candidates%s):\n", b.model.c_str(),
              b.test->candidates.rfind("sampled", 0) == 0 ? ", sampled" : "");
  for (const auto& [name, ratio] : b.lift)
    std::printf("  %-14s %.4f  %s %.4f  x%.2f%s\n", name.c_str(), metric_value(model_test, name), b.model.c_str(),
                metric_value(*b.test, name), ratio, lower_is_better(name) ? " (lower is better)" : "");
}

// Before any work: no output over an input (a --save over its own --resume file is
// allowed: it is read whole first and replaced whole), no one file for two outputs, and
// no --save where a directory stands.
void check_outputs(const TrainArgs& a) {
  const NamedPath data[] = {{"--data", a.data.path}}, inputs[] = {{"--data", a.data.path}, {"--resume", a.resume}};
  const NamedPath save[] = {{"--save", a.save}}, log[] = {{"--log", a.log}};
  refuse_output_over_input(data, save);
  refuse_output_over_input(inputs, log);
  refuse_output_over_input(log, save);
  if (!a.save.empty()) resolve_output(a.save);
  if (!a.log.empty()) resolve_output(a.log);
  // Continuing a model only to drop what it learned is never what was meant; writing over
  // the model file unasked would replace a file the user had. So the user says where.
  if (!a.resume.empty() && a.save.empty())
    throw std::invalid_argument("--resume " + a.resume.substr(0, 200) +
                                ": the epochs it trains are kept only with --save FILE (the same file to update it, "
                                "another to keep both); nothing was trained");
}

// The model's defaults, or a resumed model's settings, with the flags laid over them and
// the model's rules applied: where every option came from is kept for the settings printed.
Options run_options(const TrainArgs& a, const ModelSpec& spec, const std::optional<SavedModel>& saved) {
  Options start = spec.default_options();
  if (saved) {
    start = options_of(spec, saved_setup(*saved));
    start.mark_saved();
  }
  return spec.settled(options_from(a.model, a.options, std::move(start), saved.has_value()));
}

// What is about to run, on stderr: the model, the data and split, the settings with where
// each came from, and what a resumed model has done.
void announce(const TrainArgs& a, const ModelSpec& spec, const Options& options, const std::string& data,
              const data::Split& split, const TrainingSetup& setup, const TrainingRecord* saved) {
  std::fprintf(stderr, "train %s on %s, %s\n", a.model.c_str(), data.c_str(), split.summary().c_str());
  if (split.validation.empty())
    std::fprintf(stderr, "validation: a seeded %.0f%% of train, held out for model selection\n",
                 100 * setup.train.validation_fraction);
  std::fprintf(stderr, "settings: %s; grad %s, seed %llu\n", settings_text(spec, options, setup.from_data).c_str(),
               a.grad.c_str(),
               static_cast<unsigned long long>(a.data.seed));
  if (saved)
    std::fprintf(stderr, "resuming %s after %lld epochs%s\n", a.resume.c_str(),
                 static_cast<long long>(saved->epochs_done),
                 saved->refitted ? " (refitted on train + validation: validation figures flatter it)" : "");
}

// The text report: the epochs, the test figures with their candidates, the baseline and some lists.
void print_run(const TrainArgs& a, const RunOutcome& run, const data::Dataset& ds, const data::Split& split,
               const std::optional<BaselineComparison>& baseline) {
  const TrainResult& result = run.training;
  for (const EpochRecord& e : result.epochs)
    std::printf("epoch %3lld  loss %.4f  %.3fs  validation %s %.4f%s\n", static_cast<long long>(e.epoch), e.train_loss,
                e.seconds, result.metric.c_str(), e.metric, e.epoch == result.best_epoch ? "  *" : "");
  std::printf("%s\n", candidates_line(run.setup.train.test_candidates).c_str());
  std::printf("test (%s, epoch %lld%s): %s\n", split.name.c_str(), static_cast<long long>(result.best_epoch),
              run.setup.train.test_candidates.negatives ? ", sampled candidates" : "", to_json(run.test).dump().c_str());
  if (run.model->feedback() == Feedback::Binary) {
    // What the log loss is worth: a constant prediction at the positive rate scores its entropy.
    const double p = *run.test.positive_rate;
    std::printf("AUC %.4f, log loss %.4f; %.1f%% of the test ratings are >= %g, and predicting that rate for\n"
                "every pair would score log loss %.4f\n",
                *run.test.auc, *run.test.logloss, 100 * p, run.setup.model.positive_rating,
                -(p * std::log(p) + (1 - p) * std::log(1 - p)));
  }
  if (baseline) print_baseline(*baseline, run.test);
  std::printf("seconds per epoch (median): %.4f\n", result.seconds_per_epoch);
  if (run.model->feedback() != Feedback::Explicit && a.show > 0) {
    std::printf("top 5 for the first %d users:\n", a.show);
    print_recommendations(*run.model, ds, run.history, a.show);
  }
}

void run_train(TrainArgs a) {
  check_outputs(a);
  std::optional<SavedModel> saved;
  if (!a.resume.empty()) {
    saved = load_model(a.resume);
    adopt_saved(a, *saved);
  }
  const ModelSpec& spec = model_spec(a.model);
  const Options options = run_options(a, spec, saved);
  if (a.grad == "manual" && !spec.manual_gradients)
    throw std::invalid_argument("--grad manual: " + a.model + " has no hand-derived gradients");
  // Found out now rather than after training.
  if (const auto dir = std::filesystem::path(a.save).parent_path(); !a.save.empty() && !dir.empty() &&
                                                                     !std::filesystem::is_directory(dir))
    throw std::invalid_argument("--save: there is no directory " + dir.string());
  TrainingSetup setup = run_setup(a, setup_from_options(spec, options));
  if (saved) setup.model = saved_setup(*saved).model;  // with what the data decided (MF's mean and range)
  begin_step("loading the data");
  data::Dataset ds = load_data(a.data);
  const data::Split split = positive_part(ds, load_split(ds, a.data), setup.model);
  if (saved) require_same_ids(*saved, ds);
  setup.train.test_candidates = test_candidates(a.candidates, a.data.seed, test_candidate_count(ds, split));
  require_rankable(a.model, setup.train.test_candidates);
  if (!a.log.empty())
    setup.train.on_epoch = TrainingLogWriter(a.log, {{"model", a.model}, {"data", ds.name}, {"split", split.name},
                                                     {"settings", settings_json(a, options)},
                                                     {"resumed_from", a.resume}});
  if (!saved) settle_on_data(spec, setup, ds, split);  // so that the settings printed are the ones used
  announce(a, spec, options, ds.name, split, setup, saved ? &saved->training : nullptr);

  begin_step("building and training the model");
  const RunOutcome run = saved ? resume_training(std::move(*saved), ds, split, setup)
                               : run_training(a.model, ds, split, setup, a.data.seed);
  begin_step("saving the model");
  if (!a.save.empty()) save_model(a.save, *run.model, model_info(run, ds, split));
  const TrainResult& result = run.training;
  nlohmann::json out = {{"model", a.model},
                        {"data", ds.name},
                        {"split", split.name},
                        {"epochs", result.epochs.size()},
                        {"best_epoch", result.best_epoch},
                        {"selected_on", "validation " + result.metric},
                        {"refit", result.refitted},
                        {"seconds_per_epoch", result.seconds_per_epoch},
                        {"settings", settings_json(a, options_of(spec, run.setup))},
                        {"settings_source", sources_json(a, spec, options, run.setup.from_data)},
                        {"candidates", candidates_json(run.setup.train.test_candidates)},
                        {"metrics", to_json(run.test)}};
  if (!run.setup.from_data.empty()) out["from_data"] = run.setup.from_data;
  if (!a.resume.empty()) out["resumed_from"] = a.resume;
  if (!a.save.empty()) out["saved_to"] = a.save;
  begin_step("training and scoring the baseline");
  const std::optional<BaselineComparison> baseline = compare_with_baseline(run, ds, split, a.data.seed);
  if (baseline) out["baseline"] = to_json(*baseline);
  if (a.json) {
    std::cout << out.dump(2) << "\n";
    return;
  }
  print_run(a, run, ds, split, baseline);
}

}  // namespace

void add_train_command(CLI::App& app) {
  auto a = std::make_shared<TrainArgs>();
  CLI::App* cmd = app.add_subcommand("train", "Train a model and report its test metrics");
  cmd->add_option("--model", a->model, "Model")->check(CLI::IsMember(model_names()))->capture_default_str();
  add_data_options(cmd, a->data);
  add_model_options(cmd, a->options);
  add_threads_option(cmd, a->threads, "OpenMP threads (default: all cores)");
  add_grad_option(cmd, a->grad);
  add_candidates_option(cmd, a->candidates);
  cmd->add_option("--log", a->log, "Write one JSON line per epoch to this file");
  cmd->add_option("--show", a->show, "Print top-5 lists for this many users")->capture_default_str();
  cmd->add_flag("--json", a->json, "Print the result as one JSON object");
  cmd->add_flag("--quiet", a->quiet, "No progress bar");
  cmd->add_option("--save", a->save, "Write the trained model, with its optimiser state, to this model file");
  cmd->add_option("--resume", a->resume, "Continue training the model in this file for --epochs more epochs (with --save)")
      ->check(CLI::ExistingFile);
  cmd->callback([a, cmd] {
    TrainArgs args = *a;
    args.model_given = cmd->count("--model") > 0;
    args.seed_given = cmd->count("--seed") > 0;
    args.grad_given = cmd->count("--grad") > 0;
    keep_given(cmd, args.options);
    run_train(args);
  });
}

}  // namespace recgrad::cli
