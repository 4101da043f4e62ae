// Resuming from a file: two epochs, a save and one more epoch give the model three
// epochs straight give, for every model and optimiser. With one thread both runs do
// the same arithmetic in the same order (same parameters, optimiser state, learning
// rate, step count and per-epoch samples), so the agreement is exact, not approximate.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "files_test_util.hpp"

using namespace files_test;

namespace {

// Scores compared: enough users to see every item's parameters move, few enough that the
// MLP models' scoring stays quick under the sanitizers.
constexpr Id kComparedUsers = 100;

void check_resume_matches_straight(const std::string& model, const std::string& optim = "") {
  ScratchDir dir;
  const RunOutcome two = train_short(model, 2, optim);
  // Selection keeps the best epoch; the comparison below needs it to be the last.
  REQUIRE(two.training.best_epoch == 2);
  const auto path = dir / "two.rgm";
  save_model(path, *two.model, model_info(two, builtin(), split()));

  SavedModel saved = load_model(path, model);
  TrainingSetup setup = saved_setup(saved);
  setup.train.epochs = 1;
  setup.train.threads = 1;
  const RunOutcome resumed = resume_training(std::move(saved), builtin(), split(), setup);

  const RunOutcome three = train_short(model, 3, optim);
  REQUIRE(three.training.best_epoch == 3);
  CHECK(resumed.training.best_epoch == 3);  // numbered on from the saved epochs
  REQUIRE(resumed.training.epochs.size() == 1);
  CHECK(resumed.training.epochs[0].epoch == 3);
  // The selection pass repeats the straight run's third epoch, unless the model was
  // refitted: then the resumed pass starts from parameters that saw validation too,
  // and only the refit (from the saved state) repeats the straight run's.
  if (!three.training.refitted) CHECK(resumed.training.epochs[0].train_loss == three.training.epochs[2].train_loss);
  CHECK(resumed.training.refitted == three.training.refitted);
  CHECK(same_bits(all_scores(*resumed.model, kComparedUsers), all_scores(*three.model, kComparedUsers)));
  CHECK(to_json(resumed.test).dump() == to_json(three.test).dump());
  if (three.training.optimizer) {
    REQUIRE(resumed.training.optimizer.has_value());
    CHECK(resumed.training.optimizer->steps == three.training.optimizer->steps);
    CHECK(resumed.training.optimizer->config.lr == three.training.optimizer->config.lr);
    for (std::size_t s = 0; s < three.training.optimizer->state.size(); ++s)
      CHECK(same_bits(resumed.training.optimizer->state[s].value, three.training.optimizer->state[s].value));
  }
  // And not because nothing moved: the third epoch changed the model.
  CHECK_FALSE(same_bits(all_scores(*two.model, kComparedUsers), all_scores(*three.model, kComparedUsers)));
  // The saved optimiser state matters: without it the third epoch comes out otherwise.
  if (three.training.optimizer && !three.training.optimizer->state.empty()) {
    SavedModel stateless = load_model(path);
    TrainingSetup fresh = saved_setup(stateless);  // the saved settings, decayed rate included
    fresh.train.epochs = 1;
    fresh.train.threads = 1;
    stateless.training.optimizer.reset();  // but a fresh optimiser's state and step count
    const RunOutcome restarted = resume_training(std::move(stateless), builtin(), split(), fresh);
    CHECK_FALSE(same_bits(all_scores(*restarted.model, kComparedUsers), all_scores(*three.model, kComparedUsers)));
  }
}

}  // namespace

TEST_CASE("resuming logistic MF (AdaGrad) continues as if never stopped") { check_resume_matches_straight("lmf"); }

TEST_CASE("resuming biased MF (SGD, decaying rate, refit) continues as if never stopped") {
  REQUIRE(default_setup("mf").train.refit);
  REQUIRE(default_setup("mf").train.lr_decay < 1.0);
  check_resume_matches_straight("mf");
}

TEST_CASE("resuming BPR with Adam (step count in the bias correction) continues as if never stopped") {
  check_resume_matches_straight("bpr", "adam");
}

TEST_CASE("resuming implicit ALS continues its sweeps") { check_resume_matches_straight("als"); }

// The feature models are rebuilt from the file's feature rows, and fm carries on with
// its record of the features training has read.
TEST_CASE("resuming a factorisation machine continues as if never stopped") {
  check_resume_matches_straight("fm");
  check_resume_matches_straight("fm-bpr");
}

TEST_CASE("resuming hybrid and wide & deep continues as if never stopped") {
  check_resume_matches_straight("hybrid");
  check_resume_matches_straight("widedeep");
}

TEST_CASE("resuming takes the saved settings, and refuses another optimiser or other data") {
  ScratchDir dir;
  const auto path = saved_file(dir, "bpr");
  SavedModel saved = load_model(path);
  const TrainingSetup setup = saved_setup(saved);
  CHECK(setup.train.seed == 7);
  CHECK(setup.train.optimizer.kind == "adagrad");
  CHECK(setup.model.dim == trained("bpr").setup.model.dim);
  CHECK(setup.train.batches.batch_size == trained("bpr").setup.train.batches.batch_size);

  TrainingSetup other = setup;
  other.train.optimizer.kind = "adam";
  other.train.epochs = 1;
  CHECK_THROWS_WITH_AS(resume_training(std::move(saved), builtin(), split(), other),
                       doctest::Contains("saved optimiser state is adagrad's, not adam's"), std::invalid_argument);

  data::Dataset renamed = builtin();
  data::IdMap items;
  for (Id i = 0; i < renamed.num_items(); ++i) items.insert(i == 9 ? "another-item" : renamed.items.raw(i));
  renamed.items = items;
  TrainingSetup one = setup;
  one.train.epochs = 1;
  CHECK_THROWS_WITH_AS(resume_training(load_model(path), renamed, split(), one),
                       doctest::Contains("item 9 is '"), std::invalid_argument);
}
