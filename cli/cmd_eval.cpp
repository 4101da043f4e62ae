// recgrad eval --model-file FILE [--data PATH] [--format F] [--split S] [--seed N]
//              [--threads T] [--candidates all|sampled:N] [--json]
// Evaluates a saved model on a split's test part, with the same metrics and the same
// candidates as the final test of `recgrad train` (every interaction outside the test
// part is excluded), so a model evaluated on the split it was trained on repeats the
// figures training printed. The split and seed default to those the model was
// trained with; the data must be the data it was trained on (same ids).
#include <cstdio>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "cli/data_options.hpp"
#include "cli/run_options.hpp"
#include "evaluation/evaluate.hpp"
#include "io/saved_run.hpp"

namespace recgrad::cli {

namespace {

struct EvalArgs {
  std::string model_file;
  DataArgs data;
  int threads = 0;
  std::string candidates = "all";  // all or sampled:N
  bool json = false;
  bool seed_given = false;
};

void run_eval(EvalArgs a) {
  SavedModel saved = load_model(a.model_file);
  if (a.data.split.empty()) a.data.split = saved.training.split;
  if (!a.seed_given) a.data.seed = saved.training.seed;
  const data::Dataset ds = load_data(a.data);
  require_same_ids(saved, ds);
  const data::Split split = positive_part(ds, load_split(ds, a.data), saved_setup(saved).model);
  if (split.test.empty()) throw std::invalid_argument("eval: split " + split.name + " has no test part");
  std::fprintf(stderr, "eval %s (%lld epochs%s) on %s, %s\n", saved.type().c_str(),
               static_cast<long long>(saved.training.epochs_done), saved.training.refitted ? ", refitted" : "",
               ds.name.c_str(), split.summary().c_str());
  if (split.name != saved.training.split || a.data.seed != saved.training.seed)
    std::fprintf(stderr, "note: the model was trained on split %s with seed %llu; this test part may overlap its training data\n",
                 saved.training.split.c_str(), static_cast<unsigned long long>(saved.training.seed));

  const CandidateSampling candidates = test_candidates(a.candidates, a.data.seed, test_candidate_count(ds, split));
  const EvalResult test = evaluate_saved(saved, ds, split, a.threads, candidates);
  const nlohmann::json out = {{"model", saved.type()},
                              {"model_file", a.model_file},
                              {"data", ds.name},
                              {"split", split.name},
                              {"seed", a.data.seed},
                              {"epochs_done", saved.training.epochs_done},
                              {"candidates", candidates_json(candidates)},
                              {"metrics", to_json(test)}};
  if (a.json) {
    std::cout << out.dump(2) << "\n";
    return;
  }
  std::printf("%s\n", candidates_line(candidates).c_str());
  std::printf("test (%s%s): %s\n", split.name.c_str(), candidates.negatives ? ", sampled candidates" : "",
              to_json(test).dump().c_str());
}

}  // namespace

void add_eval_command(CLI::App& app) {
  auto a = std::make_shared<EvalArgs>();
  CLI::App* cmd = app.add_subcommand("eval", "Evaluate a saved model on a split's test part");
  cmd->add_option("--model-file", a->model_file, "A model file written by train --save")->required();
  add_data_options(cmd, a->data);
  cmd->get_option("--split")->description("The split whose test part to evaluate (default: the one the model was trained on)");
  cmd->get_option("--seed")->description("Seed of the split (default: the model's training seed)")->default_str("");
  add_threads_option(cmd, a->threads, "OpenMP threads (default: all cores)");
  add_candidates_option(cmd, a->candidates);
  cmd->add_flag("--json", a->json, "Print the result as one JSON object");
  cmd->callback([a, cmd] {
    EvalArgs args = *a;
    args.seed_given = cmd->count("--seed") > 0;
    run_eval(args);
  });
}

}  // namespace recgrad::cli
