// --candidates on train, eval and tune: all items by default, or each user's test items
// against N sampled negatives; the choice is recorded in the JSON and printed, the sampled
// figures labelled as such, and a bad value refused naming the option and what it expects.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "use_test_util.hpp"

using namespace use_test;

TEST_CASE("train --candidates sampled:N tests model and baseline on N sampled negatives, and says so") {
  Result r = run_recgrad("train --quiet --model lmf --epochs 1 --dim 8 --seed 3 --candidates sampled:100 --json");
  REQUIRE(r.status == 0);
  const nlohmann::json j = nlohmann::json::parse(r.out);
  CHECK(j["candidates"]["kind"] == "sampled");
  CHECK(j["candidates"]["negatives"] == 100);
  CHECK(j["candidates"]["seed"] == 3);
  CHECK(j["metrics"]["candidates"] == "sampled-100");
  CHECK(j["baseline"]["metrics"]["candidates"] == "sampled-100");

  r = run_recgrad("train --quiet --model lmf --epochs 1 --dim 8 --seed 3 --candidates sampled:100 --show 0");
  REQUIRE(r.status == 0);
  CHECK(r.out.find("candidates: 100 sampled negatives + the user's test items, seed 3") != std::string::npos);
  CHECK(r.out.find("sampled candidates): ") != std::string::npos);
  CHECK(r.out.find("same split and candidates, sampled") != std::string::npos);

  // The default ranks every item, and the JSON says that too.
  r = run_recgrad("train --quiet --model lmf --epochs 1 --dim 8 --json");
  REQUIRE(r.status == 0);
  const nlohmann::json all = nlohmann::json::parse(r.out);
  CHECK(all["candidates"]["kind"] == "all");
  CHECK(all["metrics"]["candidates"] == "all");
}

TEST_CASE("--candidates refuses what is not all or sampled:N with 1 <= N < the items the test ranks") {
  const std::pair<const char*, const char*> cases[] = {
      {"--candidates sampled:0", "expected all or sampled:N with N a whole number of at least 1, got 'sampled:0'"},
      {"--candidates sampled:-3", "got 'sampled:-3'"},
      {"--candidates sampled:12x", "got 'sampled:12x'"},
      {"--candidates some", "got 'some'"},
      {"--candidates sampled:1700", "--candidates sampled:1700: expected all or sampled:N with N from 1 to 1699"},
  };
  for (const auto& [args, message] : cases) {
    const std::string arguments = args;  // CAPTURE's lambda cannot capture a structured binding in clang 14
    CAPTURE(arguments);
    const Result r = run_recgrad(std::string("train --quiet --model lmf --epochs 1 ") + args);
    CHECK(r.status != 0);
    CHECK(r.err.find(message) != std::string::npos);
    CHECK(r.out.empty());
  }
  // A model judged by something else than ranking has no candidates to sample: refused before training.
  for (const char* model : {"mf", "widedeep", "softmax"}) {
    CAPTURE(model);
    const Result r = run_recgrad(std::string("train --quiet --epochs 1 --candidates sampled:50 --model ") + model);
    CHECK(r.status != 0);
    CHECK(r.err.find(std::string("--candidates sampled:50: ") + model + " is judged by") != std::string::npos);
    CHECK(r.err.find("epoch") == std::string::npos);
  }
}

TEST_CASE("eval --candidates: the saved model tested on sampled candidates, recorded and printed, all repeats train") {
  const SavedLmf& saved = saved_lmf();
  Result r = run_recgrad("eval --model-file " + saved.path.string() + " --candidates sampled:50 --json");
  REQUIRE(r.status == 0);
  const nlohmann::json j = nlohmann::json::parse(r.out);
  CHECK(j["candidates"]["kind"] == "sampled");
  CHECK(j["candidates"]["negatives"] == 50);
  CHECK(j["candidates"]["seed"] == 7);  // the model's training seed, as the split's
  CHECK(j["metrics"]["candidates"] == "sampled-50");
  // A user's test items against 50 others rank higher than against every item.
  CHECK(j["metrics"]["mrr"].get<double>() > *saved.run.test.mrr);

  r = run_recgrad("eval --model-file " + saved.path.string() + " --candidates sampled:50");
  REQUIRE(r.status == 0);
  CHECK(r.out.find("candidates: 50 sampled negatives + the user's test items, seed 7") != std::string::npos);

  r = run_recgrad("eval --model-file " + saved.path.string() + " --candidates all --json");
  REQUIRE(r.status == 0);
  CHECK(nlohmann::json::parse(r.out)["metrics"]["mrr"].get<double>() == doctest::Approx(*saved.run.test.mrr));

  r = run_recgrad("eval --model-file " + saved.path.string() + " --candidates sampled:5000");
  CHECK(r.status != 0);
  CHECK(r.err.find("with N from 1 to 1699") != std::string::npos);
}

TEST_CASE("tune --candidates sampled:N scores its trials and its test on sampled candidates") {
  const Result r = run_recgrad("tune --model lmf --epochs 1 --search dim=4,8 --candidates sampled:60");
  REQUIRE(r.status == 0);
  std::istringstream lines(r.out);
  std::string line, last;
  int trials = 0;
  while (std::getline(lines, line)) {
    const nlohmann::json j = nlohmann::json::parse(line);
    if (j.contains("trial")) {
      ++trials;
      CHECK(j["validation"]["candidates"] == "sampled-60");
    }
    last = line;
  }
  CHECK(trials == 2);
  const nlohmann::json result = nlohmann::json::parse(last);
  CHECK(result["candidates"]["negatives"] == 60);
  CHECK(result["test"]["candidates"] == "sampled-60");
  CHECK(r.err.find("candidates: 60 sampled negatives") != std::string::npos);
}
