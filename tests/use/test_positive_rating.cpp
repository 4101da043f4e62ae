// --positive-rating T for implicit models through the CLI: train learns from and tests on
// the interactions rated T or more, prints the threshold and how many it left out, records
// it in the model file so that eval repeats train's figures to the digit; data without
// ratings and models that predict ratings refuse it.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "use_test_util.hpp"

using namespace use_test;

namespace {

nlohmann::json metrics_of(const Result& r) {
  REQUIRE(r.status == 0);
  return nlohmann::json::parse(r.out)["metrics"];
}

}  // namespace

TEST_CASE("implicit models learn from and are tested on the interactions rated at least --positive-rating") {
  const ScratchDir dir;
  const std::string model = (dir / "lmf.rgm").string();
  const std::string common = "--quiet --model lmf --epochs 2 --dim 8 --split random --seed 3 --json";
  const Result kept = run_recgrad("train " + common + " --positive-rating 4 --save " + model);
  REQUIRE(kept.status == 0);
  const nlohmann::json out = nlohmann::json::parse(kept.out);
  CHECK(out["settings"]["positive-rating"] == 4.0);
  CHECK(out["settings_source"]["positive-rating"]["from"] == "command line");
  // The split's summary says what was left out: the built-in data's ratings below 4.
  const data::Split all = data::make_split(builtin(), {.name = "random", .seed = 3});
  const data::Split positives = data::rated_at_least(builtin(), all, 4.0);
  CHECK(kept.err.find("rated below 4 and left out " + std::to_string(positives.below_positive)) != std::string::npos);
  // Fewer, different test positives than with every interaction: other figures.
  const nlohmann::json every = metrics_of(run_recgrad("train " + common));
  // at(), not []: a missing key on a const json is undefined behaviour (ASan caught "users").
  CHECK(out.at("metrics").at("n_eval_users") != every.at("n_eval_users"));

  // The model file keeps the threshold: eval tests on the same part and repeats train's figures.
  const Result eval = run_recgrad("eval --json --model-file " + model);
  CHECK(metrics_of(eval) == out["metrics"]);
  CHECK(eval.err.find("rated below 4 and left out") != std::string::npos);
  const Result recommend = run_recgrad("recommend --model-file " + model + " --user 1 --k 3");
  CHECK(recommend.status == 0);
}

TEST_CASE("--positive-rating: every implicit model takes it, data without ratings and rating models refuse it") {
  for (const char* name : {"bpr", "als", "pop", "itemknn", "softmax"}) {
    CAPTURE(name);
    const std::string size = std::string(name) == "pop" || std::string(name) == "itemknn" ? "" : " --dim 4";
    const Result r = run_recgrad("train --quiet --epochs 1 --show 0 --positive-rating 3.5" + size + " --model " + name);
    CHECK(r.status == 0);
  }
  const ScratchDir dir;
  std::string log = "user,item\n";
  for (int u = 1; u <= 30; ++u)
    for (int i = 1; i <= 10; ++i) log += std::to_string(u) + "," + std::to_string((u * i) % 25 + 1) + "\n";
  const std::string clicks = dir.write("clicks.csv", log).string();
  Result r = run_recgrad("train --quiet --model lmf --epochs 1 --positive-rating 4 --data " + clicks);
  CHECK(r.status != 0);
  CHECK(r.err.find("--positive-rating 4: clicks.csv has no rating column") != std::string::npos);

  r = run_recgrad("train --quiet --model mf --positive-rating 4");
  CHECK(r.status != 0);
  CHECK(r.err.find("--positive-rating applies to lmf") != std::string::npos);
  r = run_recgrad("train --quiet --model lmf --positive-rating four");
  CHECK(r.status != 0);
  CHECK(r.err.find("--positive-rating: got \"four\", expected a number or all") != std::string::npos);
}

TEST_CASE("als --confidence rating weighs an observed pair by its rating, says so and keeps it in the model file") {
  const ScratchDir dir;
  const std::string model = (dir / "als.rgm").string();
  const std::string common = "train --quiet --model als --epochs 2 --dim 8 --json";
  const Result rated = run_recgrad(common + " --confidence rating --save " + model);
  REQUIRE(rated.status == 0);
  const nlohmann::json out = nlohmann::json::parse(rated.out);
  CHECK(out["settings"]["confidence"] == "rating");
  CHECK(load_model(model, "als").config.own.text("confidence") == "rating");
  CHECK(out["metrics"] != metrics_of(run_recgrad(common)));  // flat, the default: other factors
  const Result r = run_recgrad(common + " --confidence counts");
  CHECK(r.status != 0);
  CHECK(r.err.find("--confidence: got \"counts\", expected one of flat or rating") != std::string::npos);
}
