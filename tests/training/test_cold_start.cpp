// The cold-start split end to end on the built-in data: models that cannot score items
// they never saw refuse it before training, and hybrid ranks the held-out items, only
// them, from their metadata (their id embeddings never leave zero).
#include <doctest/doctest.h>

#include <algorithm>
#include <cstring>
#include <stdexcept>
#include <string>

#include "data/split.hpp"
#include "data/synthetic.hpp"
#include "io/saved_run.hpp"
#include "support/temp_dir.hpp"
#include "training/run.hpp"

using namespace recgrad;

namespace {

const data::Dataset& builtin() {
  static const data::Dataset ds = data::builtin_dataset(0);
  return ds;
}

const data::Split& cold_split() {
  static const data::Split split = data::make_split(builtin(), {.name = "coldstart", .seed = 2});
  return split;
}

}  // namespace

TEST_CASE("models that cannot score unseen items refuse a cold-start split, saying why and what can") {
  for (const std::string model : {"mf", "lmf", "bpr", "als", "lmf-full"}) {
    CAPTURE(model);
    TrainingSetup setup = default_setup(model);
    try {
      run_training(model, builtin(), cold_split(), setup, 0);
      FAIL("no refusal");
    } catch (const std::invalid_argument& e) {
      const std::string message = e.what();
      CHECK(message.find(model + " cannot rank items it never saw in training") != std::string::npos);
      CHECK(message.find("hybrid") != std::string::npos);
    }
  }
  // Any other split is fine for them: the check is about the split, not the model.
  CHECK_NOTHROW(require_unseen_item_scoring("mf", builtin(), data::make_split(builtin(), {.name = "random", .seed = 2})));
  CHECK_NOTHROW(require_unseen_item_scoring("hybrid", builtin(), cold_split()));
}

TEST_CASE("a cold-start split of data without item metadata is refused by the models that score from it") {
  data::Dataset plain = builtin();
  plain.item_features = data::FeatureBuilder("item_id", plain.items).build();  // ids only, as a plain file
  const data::Split split = data::make_split(plain, {.name = "coldstart", .seed = 2});
  REQUIRE(!split.cold_items.empty());
  for (const std::string model : {"hybrid", "fm", "fm-bpr", "pop"}) {
    CAPTURE(model);
    CHECK_THROWS_WITH_AS(require_unseen_item_scoring(model, plain, split),
                         doctest::Contains("none of them has a feature besides its id"), std::invalid_argument);
    CHECK_NOTHROW(require_unseen_item_scoring(model, builtin(), cold_split()));
  }
  TrainingSetup setup = default_setup("hybrid");
  setup.train.epochs = 1;
  CHECK_THROWS_WITH_AS(run_training("hybrid", plain, split, setup, 0), doctest::Contains("so every score is a tie"),
                       std::invalid_argument);
}

TEST_CASE("hybrid on a cold-start split ranks only the cold items, from their metadata") {
  const data::Split& split = cold_split();
  TrainingSetup setup = default_setup("hybrid");
  setup.train.epochs = 3;
  setup.train.threads = 1;
  const RunOutcome r = run_training("hybrid", builtin(), split, setup, 0);
  CHECK(r.test.candidates == "cold-" + std::to_string(split.cold_items.size()));
  // Metadata predicts taste in the synthetic world: far better than chance on unseen items.
  MESSAGE("hybrid cold auc " << *r.test.auc << ", p@10 " << *r.test.precision);
  CHECK(*r.test.auc > 0.65);

  // The cold items' id embeddings (field 0 of the item features) never left zero.
  auto& model = dynamic_cast<Model<float>&>(*r.model);
  const auto params = model.params();
  const auto table = std::find_if(params.begin(), params.end(), [](auto* p) { return p->name() == "item_features"; });
  REQUIRE(table != params.end());
  const std::int32_t first_id = builtin().item_features.fields.at(0).first;
  for (const std::int32_t item : split.cold_items) {
    const float* row = (*table)->value.row(first_id + item);
    CHECK(std::all_of(row, row + setup.model.dim, [](float x) { return x == 0.0f; }));
  }

  // Model files record the feature rows: the saved hybrid scores the cold items as the trained one does.
  recgrad::testing::TempDir dir;
  save_model(dir / "hybrid.rgm", *r.model, model_info(r, builtin(), split));
  const SavedModel saved = load_model(dir / "hybrid.rgm", "hybrid");
  std::vector<float> before(static_cast<std::size_t>(builtin().num_items())), after(before.size());
  r.model->score_users(0, 1, before);
  saved.model->score_users(0, 1, after);
  CHECK(std::memcmp(before.data(), after.data(), before.size() * sizeof(float)) == 0);
}
