// A model file answers as the run that trained it did: `eval` repeats train's test
// metrics on every split kind a model supports (cold-start candidates and the label
// threshold included), and `recommend` needs no --data.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "io/saved_run.hpp"
#include "models/registry.hpp"
#include "use_test_util.hpp"

using namespace use_test;

namespace {

// The split kinds a model can be tested on: cold start only for models that rank unseen items.
std::vector<std::string> split_kinds(const ModelSpec& spec) {
  std::vector<std::string> kinds = {"random", "temporal", "last"};
  if (spec.scores_unseen_items) kinds.push_back("coldstart");
  return kinds;
}

}  // namespace

TEST_CASE("eval of a saved model repeats train's test metrics on every split kind, for every model") {
  ScratchDir dir;
  for (const ModelSpec& spec : model_registry()) {
    for (const std::string& kind : split_kinds(spec)) {
      CAPTURE(spec.name);
      CAPTURE(kind);
      const data::Split sp = data::make_split(builtin(), {.name = kind, .seed = 3});
      TrainingSetup s = default_setup(spec.name);
      s.model.dim = 4;
      s.train.epochs = 1;
      s.train.patience = 0;
      s.train.threads = 2;
      s.train.seed = 3;
      const RunOutcome run = run_training(spec.name, builtin(), sp, s, 3);
      const auto path = dir / (spec.name + "-" + kind + ".rgm");
      save_model(path, *run.model, model_info(run, builtin(), sp));
      SavedModel saved = load_model(path);
      const EvalResult again = evaluate_saved(saved, builtin(), data::make_split(builtin(), {.name = kind, .seed = 3}), 1);
      CHECK(to_json(again).dump() == to_json(run.test).dump());
    }
  }
}

TEST_CASE("recgrad eval repeats a cold-start model's metrics on its held-out items, and a binary model's threshold") {
  ScratchDir dir;
  const std::string cases[] = {"--model hybrid --split coldstart", "--model widedeep --positive-rating 3",
                               "--model fm --split coldstart"};
  for (const std::string& args : cases) {
    CAPTURE(args);
    const std::string file = (dir / "m.rgm").string();
    const Result trained = run_recgrad("train --quiet --epochs 1 --dim 4 --json --save " + file + " " + args);
    REQUIRE(trained.status == 0);
    const Result evaluated = run_recgrad("eval --json --model-file " + file);
    REQUIRE(evaluated.status == 0);
    const nlohmann::json want = nlohmann::json::parse(trained.out)["metrics"];
    const nlohmann::json got = nlohmann::json::parse(evaluated.out)["metrics"];
    CHECK(got.dump() == want.dump());
    if (args.find("coldstart") != std::string::npos && want.contains("candidates"))
      CHECK(want["candidates"].get<std::string>().starts_with("cold-"));
  }
}

TEST_CASE("recommend and similar answer from the model file alone, as they do with the data") {
  ScratchDir dir;
  // Interactions of a data set other than the built-in one: without the file's own
  // history, recommend would have to load data and would find the wrong one.
  const auto log = dir / "log.csv";
  {
    std::ofstream out(log);
    out << "user,item,rating\n";
    for (int u = 0; u < 40; ++u)
      for (int k = 0; k < 8; ++k) out << "user" << u << ",item" << (u * 7 + k * 3) % 30 << "," << 1 + (u + k) % 5 << "\n";
  }
  const std::string file = (dir / "m.rgm").string();
  REQUIRE(run_recgrad("train --quiet --epochs 2 --dim 4 --model lmf --split random --data " + log.string() +
                      " --save " + file).status == 0);
  const Result alone = run_recgrad("recommend --json --k 5 --user user3 --model-file " + file);
  REQUIRE(alone.status == 0);
  const Result with_data = run_recgrad("recommend --json --k 5 --user user3 --model-file " + file + " --data " + log.string());
  REQUIRE(with_data.status == 0);
  CHECK(alone.out == with_data.out);
  CHECK(nlohmann::json::parse(alone.out).dump().find("item") != std::string::npos);
  const Result similar = run_recgrad("similar --json --k 3 --item item4 --model-file " + file);
  CHECK(similar.status == 0);
}
