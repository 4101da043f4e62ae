// The final test on sampled candidates (TrainConfig::test_candidates), in process: it
// reaches the ranking evaluation, the baseline is tested on the same sample, a sample is
// a subset of all candidates so no test item ranks lower, the same seed gives the same
// figures, and the protocols without candidates refuse it.
#include <doctest/doctest.h>

#include "data/split.hpp"
#include "data/synthetic.hpp"
#include "training/baseline.hpp"
#include "training/run.hpp"

using namespace recgrad;

namespace {

const data::Dataset& builtin() {
  static const data::Dataset ds = data::builtin_dataset(0);
  return ds;
}

TrainingSetup short_setup(const std::string& model) {
  TrainingSetup s = default_setup(model);
  s.model.dim = 8;
  s.train.epochs = 1;
  s.train.patience = 0;
  s.train.threads = 1;
  return s;
}

}  // namespace

TEST_CASE("a run tested on sampled candidates: labelled, the baseline alike, no test item ranked lower than among all") {
  const data::Split split = data::make_split(builtin(), {.name = "random", .seed = 5});
  TrainingSetup setup = short_setup("lmf");
  setup.train.test_candidates = {.negatives = 100, .seed = 5};
  const RunOutcome run = run_training("lmf", builtin(), split, setup, 5);
  CHECK(run.test.candidates == "sampled-100");
  const std::optional<BaselineComparison> baseline = compare_with_baseline(run, builtin(), split, 5);
  REQUIRE(baseline);
  REQUIRE(baseline->test);
  CHECK(baseline->test->candidates == "sampled-100");

  TrainingSetup all = run.setup;
  all.train.test_candidates = {};
  const EvalResult full = test_model(*run.model, builtin(), split, all);
  CHECK(full.candidates == "all");
  CHECK(*run.test.mrr >= *full.mrr);
  CHECK(*run.test.hit_rate >= *full.hit_rate);
  CHECK(*run.test.precision > *full.precision);

  // The sample is the seed's: the same seed, the same figures; another seed, others.
  CHECK(*test_model(*run.model, builtin(), split, run.setup).ndcg == *run.test.ndcg);
  TrainingSetup other = run.setup;
  other.train.test_candidates.seed = 6;
  CHECK(*test_model(*run.model, builtin(), split, other).ndcg != *run.test.ndcg);
}

TEST_CASE("sampled candidates are refused by the models judged otherwise than by ranking") {
  const CandidateSampling sampled{.negatives = 20, .seed = 0};
  for (const char* model : {"mf", "fm", "widedeep", "softmax"}) {
    CAPTURE(model);
    CHECK_THROWS_WITH_AS(require_rankable(model, sampled), doctest::Contains("is judged by"), std::invalid_argument);
    CHECK_NOTHROW(require_rankable(model, {}));
  }
  for (const char* model : {"lmf", "bpr", "als", "pop", "itemknn", "hybrid"}) CHECK_NOTHROW(require_rankable(model, sampled));

  // And by evaluate() itself, for a caller that skipped the check.
  const data::Split split = data::make_split(builtin(), {.name = "random", .seed = 5});
  TrainingSetup setup = short_setup("mf");
  const RunOutcome run = run_training("mf", builtin(), split, setup, 5);
  setup.train.test_candidates = sampled;
  CHECK_THROWS_WITH_AS(test_model(*run.model, builtin(), split, setup), doctest::Contains("sampled candidates: mf"),
                       std::invalid_argument);
}

TEST_CASE("the test ranks every item, or a cold-start split's held-out ones: the bound of a sample") {
  const data::Split random = data::make_split(builtin(), {.name = "random", .seed = 5});
  CHECK(test_candidate_count(builtin(), random) == builtin().num_items());
  const data::Split cold = data::make_split(builtin(), {.name = "coldstart", .seed = 5});
  REQUIRE(!cold.cold_items.empty());
  CHECK(test_candidate_count(builtin(), cold) == static_cast<std::int64_t>(cold.cold_items.size()));
}
