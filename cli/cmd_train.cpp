// recgrad train --model M [--data PATH] [--split S] [--dim K] [--epochs N] [--batch B]
//               [--optim adam|adagrad|sgd] [--lr X] [--l2 X] [--neg N] [--alpha X]
//               [--softmax sampled|full] [--sampler uniform|loguniform|popularity] [--max-history N]
//               [--threads T] [--grad auto|manual] [--seed S] [--log FILE] [--json]
//               [--save FILE] [--resume FILE]
// Trains a model with its defaults (overridden by the flags given), selects the
// epoch on validation, and reports the test metrics. --save writes the final model
// with its optimiser state to a model file; --resume continues a saved model for
// --epochs more epochs, with its saved settings, split and seed unless flags say otherwise.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "cli/data_options.hpp"
#include "data/topk.hpp"
#include "training/progress.hpp"
#include "training/run.hpp"

namespace recgrad::cli {

namespace {

struct TrainArgs {
  std::string model = "lmf";
  DataArgs data;
  std::int64_t dim = 0, epochs = 0, batch = 0;
  std::string optim, grad = "auto", log, metric;
  double lr = 0, l2 = -1, alpha = -1, init_std = -1, lr_decay = 0;
  std::int32_t neg = 0, show = 3;
  std::int64_t patience = -1;
  int threads = 0;
  bool json = false, quiet = false;
  std::string refit;  // "": the model's default, else yes or no
  std::string save, resume;  // model files
  std::string fields;        // fm: "" keeps the default (all)
  double id_free_copies = -1;
  std::string softmax, sampler;  // softmax: "" keeps the defaults (sampled, loguniform)
  std::int32_t max_history = 0;  // softmax: 0 keeps the default
  double positive_rating = 0;    // binary models (widedeep): 0 keeps the default
  bool model_given = false, seed_given = false;
  std::vector<std::string> given;  // every option on the command line, by its first name
};

// The defaults for the model (or a resumed model's settings) with every flag the user
// gave laid over them.
TrainingSetup setup_from(const TrainArgs& a, TrainingSetup s) {
  if (a.dim > 0) s.model.dim = a.dim;
  if (a.l2 >= 0) s.model.l2 = a.l2;
  if (a.init_std >= 0) s.model.init_std = a.init_std;
  if (!a.fields.empty()) s.model.fields = a.fields;
  if (a.id_free_copies >= 0) s.model.id_free_copies = a.id_free_copies;
  if (a.alpha >= 0) s.model.alpha = s.train.batches.confidence_alpha = a.alpha;
  if (a.epochs > 0) s.train.epochs = a.epochs;
  if (a.batch > 0) s.train.batches.batch_size = a.batch;
  if (a.neg > 0) s.train.batches.negatives = a.neg;
  if (!a.softmax.empty()) s.model.softmax = a.softmax;
  if (a.softmax == "full") s.train.batches.negatives = 0;  // nothing to sample
  if (!a.sampler.empty()) s.train.batches.sampler = a.sampler;
  if (a.max_history > 0) s.train.batches.max_history = a.max_history;
  if (a.positive_rating > 0) s.model.positive_rating = a.positive_rating;
  if (!a.optim.empty()) s.train.optimizer.kind = a.optim;
  if (a.lr > 0) s.train.optimizer.lr = a.lr;
  if (a.lr_decay > 0) s.train.lr_decay = a.lr_decay;
  if (a.patience >= 0) s.train.patience = a.patience;
  if (!a.refit.empty()) s.train.refit = a.refit == "yes";
  if (!a.metric.empty()) s.train.metric = a.metric;
  s.train.manual_gradients = a.grad == "manual";
  s.train.seed = a.data.seed;
  s.train.threads = a.threads;
  s.train.progress = !a.quiet && ProgressBar::stderr_is_terminal();
  return s;
}

nlohmann::json settings_json(const TrainArgs& a, const TrainingSetup& s) {
  nlohmann::json j = {{"dim", s.model.dim},        {"l2", s.model.l2}, {"init_std", s.model.init_std},
                      {"epochs", s.train.epochs}, {"batch", s.train.batches.batch_size},
                      {"optim", s.train.optimizer.kind}, {"lr", s.train.optimizer.lr}, {"lr_decay", s.train.lr_decay},
                      {"neg", s.train.batches.negatives}, {"alpha", s.model.alpha},
                      {"grad", a.grad},           {"seed", a.data.seed},
                      {"patience", s.train.patience}, {"refit", s.train.refit}};
  if (a.model == "fm" || a.model == "fm-bpr") {
    j["fields"] = s.model.fields;
    j["id_free_copies"] = s.model.id_free_copies;
  }
  if (a.model == "softmax") {
    j["softmax"] = s.model.softmax;
    j["sampler"] = s.train.batches.sampler;
    j["max_history"] = s.train.batches.max_history;
  }
  if (a.model == "hybrid") j["sampling_alpha"] = s.train.batches.sampling_alpha;  // negatives ~ count^alpha
  if (a.model == "widedeep") j["positive_rating"] = s.model.positive_rating;
  return j;
}

void print_recommendations(const Recommender<float>& model, const data::Dataset& ds, const data::UserItems& seen, int users) {
  std::vector<float> scores(static_cast<std::size_t>(model.num_items()));
  for (Id u = 0; u < std::min<Id>(users, model.num_users()); ++u) {
    model.score_users(u, 1, scores);
    const data::TopK top = data::top_k(scores, 5, seen.of(u));
    std::printf("user %s:", ds.users.raw(u).c_str());
    for (std::size_t r = 0; r < top.items.size(); ++r) std::printf("%s %s", r ? "," : "", ds.item_label(top.items[r]).c_str());
    std::printf("\n");
  }
}

// A resumed model keeps its type and shape: flags that would change them are errors
// rather than silently ignored. Its split and seed are the defaults.
void adopt_saved(TrainArgs& a, const SavedModel& saved) {
  if (a.model_given && a.model != saved.type())
    throw std::invalid_argument("--resume: " + a.resume + " holds a '" + saved.type() + "' model, not '" + a.model + "'");
  const std::pair<bool, const char*> fixed[] = {
      {a.dim > 0, "--dim"},           {a.l2 >= 0, "--l2"},
      {a.init_std >= 0, "--init-std"}, {a.alpha >= 0, "--alpha"},
      {!a.fields.empty(), "--fields"}, {a.id_free_copies >= 0, "--id-free-copies"},
      {a.positive_rating > 0, "--positive-rating"}};
  for (const auto& [given, flag] : fixed)
    if (given) throw std::invalid_argument(std::string("--resume: ") + flag + " is part of the saved model; leave it out");
  a.model = saved.type();
  if (a.data.split.empty()) a.data.split = saved.training.split;
  if (!a.seed_given) a.data.seed = saved.training.seed;
  if (a.data.split != saved.training.split || a.data.seed != saved.training.seed)
    std::fprintf(stderr, "note: the model was trained on split %s with seed %llu; resuming on split %s with seed %llu\n",
                 saved.training.split.c_str(), static_cast<unsigned long long>(saved.training.seed),
                 a.data.split.c_str(), static_cast<unsigned long long>(a.data.seed));
}

// Options that only some models read: given to another model, they would do nothing,
// so they are refused rather than silently dropped.
void reject_options_the_model_ignores(const TrainArgs& a) {
  struct Scope {
    const char* option;
    std::vector<std::string> models;
  };
  static const Scope scopes[] = {{"--fields", {"fm", "fm-bpr"}},
                                 {"--id-free-copies", {"fm", "fm-bpr"}},
                                 {"--softmax", {"softmax"}},
                                 {"--sampler", {"softmax"}},
                                 {"--max-history", {"softmax"}},
                                 {"--positive-rating", {"widedeep"}}};
  for (const Scope& scope : scopes) {
    if (std::find(a.given.begin(), a.given.end(), scope.option) == a.given.end()) continue;
    if (std::find(scope.models.begin(), scope.models.end(), a.model) != scope.models.end()) continue;
    std::string models;
    for (const std::string& m : scope.models) models += (models.empty() ? "" : ", ") + m;
    throw std::invalid_argument(std::string(scope.option) + " applies to " + models + ", not to '" + a.model + "'");
  }
}

void run_train(TrainArgs a) {
  std::optional<SavedModel> saved;
  if (!a.resume.empty()) {
    saved = load_model(a.resume);
    adopt_saved(a, *saved);
  }
  reject_options_the_model_ignores(a);
  const auto& types = model_file_types();
  if (!a.save.empty() && std::find(types.begin(), types.end(), a.model) == types.end())
    throw std::invalid_argument("--save: model files do not hold '" + a.model + "' models");
  // Found out now rather than after training.
  if (const auto dir = std::filesystem::path(a.save).parent_path(); !a.save.empty() && !dir.empty() &&
                                                                     !std::filesystem::is_directory(dir))
    throw std::invalid_argument("--save: there is no directory " + dir.string());
  TrainingSetup setup = setup_from(a, saved ? resume_setup(*saved) : default_setup(a.model));
  data::Dataset ds = load_data(a.data);
  const data::Split split = load_split(ds, a.data);
  if (saved) require_same_ids(*saved, ds);
  std::unique_ptr<std::ofstream> log_file;
  if (!a.log.empty()) {
    log_file = std::make_unique<std::ofstream>(a.log);
    if (!*log_file) throw std::runtime_error("cannot write the training log " + a.log);
    setup.train.log = [&](const std::string& line) { *log_file << line << "\n" << std::flush; };
  }
  std::fprintf(stderr, "train %s on %s, %s\n", a.model.c_str(), ds.name.c_str(), split.summary().c_str());
  if (split.validation.empty())
    std::fprintf(stderr, "validation: a seeded %.0f%% of train, held out for model selection\n",
                 100 * setup.train.validation_fraction);
  std::fprintf(stderr, "settings: %s\n", settings_json(a, setup).dump().c_str());
  if (saved)
    std::fprintf(stderr, "resuming %s after %lld epochs%s\n", a.resume.c_str(),
                 static_cast<long long>(saved->training.epochs_done),
                 saved->training.refitted ? " (refitted on train + validation: validation figures flatter it)" : "");

  const RunOutcome run = saved ? resume_training(std::move(*saved), ds, split, setup)
                               : run_training(a.model, ds, split, setup, a.data.seed);
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
                        {"settings", settings_json(a, setup)},
                        {"metrics", data::to_json(run.test)}};
  if (!a.resume.empty()) out["resumed_from"] = a.resume;
  if (!a.save.empty()) out["saved_to"] = a.save;
  if (a.json) {
    std::cout << out.dump(2) << "\n";
    return;
  }
  for (const EpochRecord& e : result.epochs)
    std::printf("epoch %3lld  loss %.4f  %.3fs  validation %s %.4f%s\n", static_cast<long long>(e.epoch), e.train_loss,
                e.seconds, result.metric.c_str(), e.metric, e.epoch == result.best_epoch ? "  *" : "");
  std::printf("test (%s, epoch %lld): %s\n", split.name.c_str(), static_cast<long long>(result.best_epoch),
              data::to_json(run.test).dump().c_str());
  if (run.model->feedback() == Feedback::Binary) {
    // What the log loss is worth: a constant prediction at the positive rate scores its entropy.
    const double p = *run.test.positive_rate;
    std::printf("AUC %.4f, log loss %.4f; %.1f%% of the test ratings are >= %g, and predicting that rate for\n"
                "every pair would score log loss %.4f\n",
                *run.test.auc, *run.test.logloss, 100 * p, setup.model.positive_rating,
                -(p * std::log(p) + (1 - p) * std::log(1 - p)));
  }
  std::printf("seconds per epoch (median): %.4f\n", result.seconds_per_epoch);
  if (run.model->feedback() != Feedback::Explicit && a.show > 0) {
    std::printf("top 5 for the first %d users:\n", a.show);
    print_recommendations(*run.model, ds, run.history, a.show);
  }
}

}  // namespace

void add_train_command(CLI::App& app) {
  auto a = std::make_shared<TrainArgs>();
  CLI::App* cmd = app.add_subcommand("train", "Train a model and report its test metrics");
  cmd->add_option("--model", a->model, "Model")->check(CLI::IsMember(trainable_model_names()))->capture_default_str();
  add_data_options(cmd, a->data);
  cmd->add_option("--dim", a->dim, "Factor size");
  cmd->add_option("--epochs", a->epochs, "Most epochs to train");
  cmd->add_option("--batch", a->batch, "Examples per batch");
  cmd->add_option("--optim", a->optim, "Optimiser")->check(CLI::IsMember({"sgd", "adagrad", "adam"}));
  cmd->add_option("--lr", a->lr, "Learning rate");
  cmd->add_option("--lr-decay", a->lr_decay, "Multiply the learning rate by this after every epoch");
  cmd->add_option("--l2", a->l2, "L2 penalty per example (lambda)");
  cmd->add_option("--init-std", a->init_std, "Factors start as N(0, init_std^2)");
  cmd->add_option("--fields", a->fields, "fm: feature fields, all | ids | the ids plus a comma list (genre,decade)");
  cmd->add_option("--positive-rating", a->positive_rating, "widedeep: the smallest rating that counts as a positive");
  cmd->add_option("--id-free-copies", a->id_free_copies,
                  "fm: fraction of training ratings trained on once more without the item's id (cold start)");
  cmd->add_option("--neg,--negatives", a->neg, "Sampled negatives per positive (lmf), per batch (softmax)");
  cmd->add_option("--softmax", a->softmax, "softmax: train on sampled classes or on all items")
      ->check(CLI::IsMember({"sampled", "full"}));
  cmd->add_option("--sampler", a->sampler, "softmax: how negatives are drawn (log-Q corrected)")
      ->check(CLI::IsMember({"uniform", "loguniform", "popularity"}));
  cmd->add_option("--max-history", a->max_history, "softmax: previous items a user is represented by (default 20)");
  cmd->add_option("--alpha", a->alpha, "Confidence of a positive: 1 + alpha * rating (lmf), 1 + alpha (als)");
  cmd->add_option("--patience", a->patience, "Epochs without validation improvement before stopping (0: never)");
  cmd->add_option("--refit", a->refit, "After selecting the epoch on validation, retrain on train + validation")
      ->check(CLI::IsMember({"yes", "no"}));
  cmd->add_option("--metric", a->metric, "Validation metric for early stopping (default rmse or ndcg@10)");
  cmd->add_option("--threads", a->threads, "OpenMP threads (default: all cores)");
  cmd->add_option("--grad", a->grad, "Gradients from the tape or from the hand-derived formulas")
      ->check(CLI::IsMember({"auto", "manual"}))
      ->capture_default_str();
  cmd->add_option("--log", a->log, "Write one JSON line per epoch to this file");
  cmd->add_option("--show", a->show, "Print top-5 lists for this many users")->capture_default_str();
  cmd->add_flag("--json", a->json, "Print the result as one JSON object");
  cmd->add_flag("--quiet", a->quiet, "No progress bar");
  cmd->add_option("--save", a->save, "Write the trained model, with its optimiser state, to this model file");
  cmd->add_option("--resume", a->resume, "Continue training the model in this file for --epochs more epochs")
      ->check(CLI::ExistingFile);
  cmd->callback([a, cmd] {
    TrainArgs args = *a;
    args.model_given = cmd->count("--model") > 0;
    args.seed_given = cmd->count("--seed") > 0;
    for (const CLI::Option* option : cmd->get_options())
      if (option->count() > 0 && !option->get_lnames().empty()) args.given.push_back("--" + option->get_lnames()[0]);
    run_train(args);
  });
}

}  // namespace recgrad::cli
