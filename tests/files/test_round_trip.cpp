// Saving and loading every model: the same scores to the bit, the same ids, titles,
// settings and optimiser state, and an evaluation of the loaded model that repeats the
// test metrics of the run that trained it.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstring>
#include <nlohmann/json.hpp>

#include "files_test_util.hpp"
#include "models/fm/fm.hpp"
#include "models/registry.hpp"
#include "evaluation/evaluate.hpp"

using namespace files_test;

TEST_CASE("every registered model comes back from its file with the same scores and tensors, to the bit") {
  ScratchDir dir;
  for (const ModelSpec& spec : model_registry()) {
    const std::string& model = spec.name;
    CAPTURE(model);
    const RunOutcome& run = trained(model);
    const std::filesystem::path path = saved_file(dir, model);
    const SavedModel loaded = load_model(path, model);

    CHECK(loaded.type() == model);
    CHECK(loaded.path == path);
    REQUIRE(loaded.model->num_users() == builtin().num_users());
    REQUIRE(loaded.model->num_items() == builtin().num_items());
    const std::vector<float> before = all_scores(*run.model, 100), after = all_scores(*loaded.model, 100);
    CHECK(same_bits(before, after));
    // The scores are not trivially equal: training moved them away from each other.
    CHECK(*std::max_element(after.begin(), after.end()) > *std::min_element(after.begin(), after.end()));

    // Tensors one by one, including those scoring does not read (BPR's user bias, lmf-full's accumulators).
    const auto want = run.model->tensors(), got = loaded.model->tensors();
    REQUIRE(want.size() == got.size());
    for (std::size_t p = 0; p < want.size(); ++p) {
      CHECK(want[p].first == got[p].first);
      CHECK(same_bits(*want[p].second, *got[p].second));
    }
    CHECK(loaded.options.to_json() == options_of(spec, run.setup).to_json());
    CHECK(loaded.has_history);
    CHECK_NOTHROW(require_same_ids(loaded, builtin()));
  }
}

TEST_CASE("a model file brings back the raw ids, titles and training record") {
  ScratchDir dir;
  const std::string model = "mf";
  const RunOutcome& run = trained(model);
  // The built-in data has no titles: give it some, in Latin-1 as ML-100K's are, since
  // titles are bytes to the file, not UTF-8 text.
  ModelInfo info = model_info(run, builtin(), split());
  REQUIRE(info.titles.empty());
  for (Id i = 0; i < builtin().num_items(); ++i) info.titles.push_back("Caf\xe9 " + std::to_string(i) + " (1995)");
  const auto path = dir / "mf.rgm";
  save_model(path, *run.model, info);
  const SavedModel loaded = load_model(path);

  REQUIRE(loaded.users.size() == builtin().num_users());
  REQUIRE(loaded.items.size() == builtin().num_items());
  for (Id u = 0; u < builtin().num_users(); ++u) CHECK(loaded.users.raw(u) == builtin().users.raw(u));
  for (Id i = 0; i < builtin().num_items(); ++i) CHECK(loaded.items.raw(i) == builtin().items.raw(i));
  CHECK(loaded.titles == info.titles);
  CHECK(loaded.item_label(5) == "Caf\xe9 5 (1995)");
  CHECK(loaded.users.find(builtin().users.raw(17)) == 17);

  // MF's settings include what the data decided; doubles come back exactly.
  CHECK(loaded.config.dim == run.setup.model.dim);
  CHECK(loaded.config.l2 == run.setup.model.l2);
  CHECK(loaded.config.global_mean == run.setup.model.global_mean);
  CHECK(loaded.config.global_mean > 1.0);
  CHECK(loaded.config.rating_min == run.setup.model.rating_min);
  CHECK(loaded.config.rating_max == run.setup.model.rating_max);

  const TrainingRecord& t = loaded.training;
  CHECK(t.epochs_done == run.training.best_epoch);
  CHECK(t.epochs_done == 2);
  CHECK(t.seed == 7);
  CHECK(t.split == "random");
  CHECK(t.data == builtin().name);
  CHECK(t.refitted == run.training.refitted);
  CHECK(loaded.options.flag("refit") == run.setup.train.refit);
  CHECK(loaded.options.real("lr-decay") == run.setup.train.lr_decay);
  CHECK(loaded.options.integer("batch") == run.setup.train.batches.batch_size);

  // MF's SGD: the rate after two epochs of decay, exactly as the optimiser had it.
  REQUIRE(t.optimizer.has_value());
  REQUIRE(run.training.optimizer.has_value());
  CHECK(t.optimizer->config.kind == "sgd");
  CHECK(t.optimizer->config.lr == run.setup.train.optimizer.lr * run.setup.train.lr_decay * run.setup.train.lr_decay);
  CHECK(t.optimizer->steps == run.training.optimizer->steps);
  CHECK(t.optimizer->steps > 0);
}

TEST_CASE("optimiser state is saved tensor by tensor, and ALS has none") {
  ScratchDir dir;
  const RunOutcome& run = trained("lmf");
  const SavedModel loaded = load_model(saved_file(dir, "lmf"));
  REQUIRE(loaded.training.optimizer.has_value());
  const SavedOptimizer& want = *run.training.optimizer;
  const SavedOptimizer& got = *loaded.training.optimizer;
  CHECK(got.config.kind == "adagrad");
  REQUIRE(got.state.size() == want.state.size());
  REQUIRE(got.state.size() == loaded.model->tensors().size());  // one sum_sq per parameter
  for (std::size_t s = 0; s < want.state.size(); ++s) {
    CHECK(got.state[s].name == want.state[s].name);
    CHECK(same_bits(got.state[s].value, want.state[s].value));
  }
  CHECK(got.state[0].name.ends_with(".sum_sq"));

  const SavedModel als = load_model(saved_file(dir, "als"));
  CHECK_FALSE(als.training.optimizer.has_value());
  CHECK(als.item_label(3) == builtin().items.raw(3));  // no titles: the raw id
  CHECK(als.config.alpha == trained("als").setup.model.alpha);
}

TEST_CASE("evaluating a loaded model repeats the test metrics of its training run, for every model") {
  ScratchDir dir;
  for (const ModelSpec& spec : model_registry()) {
    CAPTURE(spec.name);
    const RunOutcome& run = trained(spec.name);
    SavedModel loaded = load_model(saved_file(dir, spec.name));
    // What `recgrad eval` does: train's final test, with the file's settings.
    const EvalResult test = evaluate_saved(loaded, builtin(), split(), run.setup.train.threads);
    CHECK(to_json(test).dump() == to_json(run.test).dump());
  }
}

TEST_CASE("a model's ids must match the data it is used with") {
  ScratchDir dir;
  const SavedModel loaded = load_model(saved_file(dir, "bpr"));
  // One user fewer: the counts differ.
  data::Dataset smaller = builtin();
  data::IdMap fewer;
  for (Id u = 0; u + 1 < smaller.num_users(); ++u) fewer.insert(smaller.users.raw(u));
  smaller.users = fewer;
  CHECK_THROWS_WITH_AS(require_same_ids(loaded, smaller), doctest::Contains("does not match the data"),
                       std::invalid_argument);
  // Same sizes, one raw id different: named.
  data::Dataset renamed = builtin();
  data::IdMap users;
  for (Id u = 0; u < renamed.num_users(); ++u) users.insert(u == 3 ? "someone-else" : renamed.users.raw(u));
  renamed.users = users;
  CHECK_THROWS_WITH_AS(require_same_ids(loaded, renamed), doctest::Contains("'someone-else' in the data"),
                       std::invalid_argument);
}

namespace {

bool same_features(const data::FeatureMatrix& a, const data::FeatureMatrix& b) {
  if (a.fields.size() != b.fields.size()) return false;
  for (std::size_t f = 0; f < a.fields.size(); ++f)
    if (a.fields[f].name != b.fields[f].name || a.fields[f].first != b.fields[f].first ||
        a.fields[f].count != b.fields[f].count)
      return false;
  return a.offsets == b.offsets && a.ids == b.ids && a.names == b.names &&
         std::memcmp(a.weights.data(), b.weights.data(), a.weights.size() * sizeof(float)) == 0 &&
         a.weights.size() == b.weights.size();
}

// The model's scores of the split's test pairs through predict().
std::vector<float> test_predictions(const Recommender<float>& model) {
  std::vector<Id> users, items;
  for (const std::int32_t row : split().test) {
    users.push_back(builtin().interactions.users[static_cast<std::size_t>(row)]);
    items.push_back(builtin().interactions.items[static_cast<std::size_t>(row)]);
  }
  std::vector<float> out(users.size());
  model.predict(users, items, out);
  return out;
}

}  // namespace

TEST_CASE("the models built from feature rows come back from their file with them, to the bit") {
  ScratchDir dir;
  for (const std::string model : {"fm", "fm-bpr", "hybrid", "widedeep"}) {
    CAPTURE(model);
    const RunOutcome& run = trained(model);
    const SavedModel loaded = load_model(saved_file(dir, model), model);
    CHECK(loaded.type() == model);
    CHECK(same_features(loaded.user_features, builtin().user_features));
    CHECK(same_features(loaded.item_features, builtin().item_features));
    CHECK(loaded.user_features.num_rows() == builtin().num_users());

    const std::vector<float> after = all_scores(*loaded.model);
    CHECK(same_bits(all_scores(*run.model), after));
    CHECK(*std::max_element(after.begin(), after.end()) > *std::min_element(after.begin(), after.end()));
    CHECK(same_bits(test_predictions(*run.model), test_predictions(*loaded.model)));
    // The settings these models read.
    CHECK(loaded.config.own.to_json() == run.setup.model.own.to_json());  // fm's fields, softmax's loss, ...
    CHECK(loaded.config.positive_rating == run.setup.model.positive_rating);
  }
}

TEST_CASE("fm's record of the features training read is saved: unread features stay out of its scores") {
  ScratchDir dir;
  for (const std::string model : {"fm", "fm-bpr"}) {
    CAPTURE(model);
    const auto& trained_fm = dynamic_cast<const FactorisationMachine<float>&>(*trained(model).model);
    const SavedModel loaded = load_model(saved_file(dir, model));
    const auto& loaded_fm = dynamic_cast<const FactorisationMachine<float>&>(*loaded.model);
    CHECK(loaded_fm.trained_features() == trained_fm.trained_features());
    // Not all read and not none: the flags carry information.
    const auto& flags = loaded_fm.trained_features();
    CHECK(std::count(flags.begin(), flags.end(), 1) > 0);
  }
}

TEST_CASE("the files of models that read no feature rows hold none") {
  ScratchDir dir;
  for (const ModelSpec& spec : model_registry()) {
    if (spec.reads_features) continue;
    CAPTURE(spec.name);
    const SavedModel loaded = load_model(saved_file(dir, spec.name));
    CHECK(loaded.user_features.num_rows() == 0);
    CHECK(loaded.item_features.num_rows() == 0);
  }
}
