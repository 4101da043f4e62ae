// Next-item training and evaluation: the examples each user's time-ordered history
// yields, the sample drawn for sampled softmax, the model's two forward passes (tape
// and scoring), and the leave-last-out evaluation through the shared evaluator.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <map>

#include "data/sequences.hpp"
#include "data/split.hpp"
#include "data/synthetic.hpp"
#include "models/softmax/softmax.hpp"
#include "training/next_item_batches.hpp"
#include "training/run.hpp"

using namespace recgrad;

namespace {

const data::Dataset& small() {
  static const data::Dataset ds = data::generate_dataset({.users = 60, .items = 80, .interactions = 1500, .seed = 5});
  return ds;
}

}  // namespace

TEST_CASE("user sequences are in (timestamp, item id) order") {
  const data::Dataset& ds = small();
  const data::UserSequences s = data::user_sequences(ds, data::all_rows(ds));
  std::map<std::pair<Id, Id>, std::int64_t> time_of;
  for (std::int32_t r = 0; r < ds.num_interactions(); ++r)
    time_of[{ds.interactions.users[r], ds.interactions.items[r]}] = ds.interactions.timestamps[r];
  CHECK(s.items.size() == static_cast<std::size_t>(ds.num_interactions()));
  for (Id u = 0; u < s.num_users(); ++u) {
    const auto items = s.of(u);
    for (std::size_t j = 1; j < items.size(); ++j) {
      const auto before = std::make_pair(time_of[{u, items[j - 1]}], items[j - 1]);
      const auto after = std::make_pair(time_of[{u, items[j]}], items[j]);
      CHECK(before < after);
    }
  }
  const data::UserSequences last3 = data::last_items(s, 3);
  for (Id u = 0; u < s.num_users(); ++u) {
    const auto all = s.of(u), tail = last3.of(u);
    REQUIRE(tail.size() == std::min<std::size_t>(3, all.size()));
    CHECK(std::equal(tail.begin(), tail.end(), all.end() - static_cast<std::ptrdiff_t>(tail.size())));
  }
}

TEST_CASE("next-item batches: every later position once, after its previous max_history items") {
  const data::Dataset& ds = small();
  const std::vector<std::int32_t> rows = data::all_rows(ds);
  BatchSourceConfig config;
  config.batch_size = 64;
  config.max_history = 4;
  config.negatives = 7;
  config.sampler = "loguniform";
  NextItemBatches source(ds, rows, config);
  const data::UserSequences s = data::user_sequences(ds, rows);
  std::int64_t expected = 0;
  for (Id u = 0; u < s.num_users(); ++u) expected += std::max<std::int64_t>(0, static_cast<std::int64_t>(s.of(u).size()) - 1);
  CHECK(source.examples_per_epoch() == expected);

  source.start_epoch(0);
  std::map<std::pair<Id, Id>, int> seen;  // (user, target) -> times
  for (Batch<float> b; source.next(b);) {
    REQUIRE(b.context_offsets.size() == b.users.size() + 1);
    REQUIRE(b.negatives.size() == 7);
    REQUIRE(b.negative_log_q.size() == 7);
    REQUIRE(b.item_log_q.size() == b.users.size());
    for (std::size_t n = 0; n < b.negatives.size(); ++n)
      CHECK(b.negative_log_q[n] == doctest::Approx(source.sampler().log_q(b.negatives[n])));
    for (std::int64_t r = 0; r < b.size(); ++r) {
      ++seen[{b.users[r], b.items[r]}];
      CHECK(b.item_log_q[r] == doctest::Approx(source.sampler().log_q(b.items[r])));
      // The context is the up to 4 items right before the target in the user's sequence.
      const auto items = s.of(b.users[r]);
      const auto at = std::find(items.begin(), items.end(), b.items[r]);
      REQUIRE(at != items.end());
      REQUIRE(at != items.begin());
      const auto first = at - std::min<std::ptrdiff_t>(4, at - items.begin());
      const std::span<const Id> context(b.context_items.data() + b.context_offsets[r],
                                        static_cast<std::size_t>(b.context_offsets[r + 1] - b.context_offsets[r]));
      CHECK(std::equal(context.begin(), context.end(), first, at));
      CHECK(context.size() == static_cast<std::size_t>(at - first));
    }
  }
  CHECK(static_cast<std::int64_t>(seen.size()) == expected);
  for (const auto& [pair, times] : seen) CHECK(times == 1);
}

TEST_CASE("softmax: the scoring forward equals the tape's, with and without a context") {
  const data::Dataset& ds = small();
  ModelConfig config;
  config.dim = 6;
  SoftmaxNextItem<double> model(config, model_data(ds), 3);
  const std::vector<Id> users = {0, 5, 5, 17};
  const std::vector<Id> context = {3, 9, 9, 40, 2, 11};
  const std::vector<std::int64_t> offsets = {0, 2, 2, 5, 6};  // user 5's first row has no history
  Tape<double> tape;
  const Var<double> v = model.user_vectors(tape, users, context, offsets);
  std::vector<double> by_hand(users.size() * 6);
  model.user_vectors(users, context, offsets, by_hand);
  for (std::int64_t r = 0; r < 4; ++r)
    for (std::int64_t d = 0; d < 6; ++d) CHECK(by_hand[static_cast<std::size_t>(r * 6 + d)] == doctest::Approx(v.value()(r, d)));
}

TEST_CASE("softmax trains on split last and is judged by next-item metrics, one row per user") {
  const data::Dataset& ds = small();
  const data::Split split = data::make_split(ds, {.name = "last"});
  for (const std::string softmax : {"sampled", "full"}) {
    CAPTURE(softmax);
    TrainingSetup setup = default_setup("softmax");
    setup.model.own.set("softmax", softmax);
    setup.train.epochs = 3;
    setup.train.threads = 1;
    setup.train.batches.batch_size = 128;
    setup.train.batches.negatives = softmax == "full" ? 0 : 20;
    const RunOutcome run = run_training("softmax", ds, split, setup, 0);
    CHECK(run.test.n_eval_users.value() == static_cast<std::int64_t>(split.test.size()));
    CHECK(run.test.hit_rate.has_value());
    CHECK(run.test.ndcg.has_value());
    CHECK(run.test.mrr.has_value());
    for (const EpochRecord& e : run.training.epochs) CHECK(std::isfinite(e.train_loss));
    // Top-k lists follow each user's latest items: score_users agrees with scoring the
    // user's last 20 non-test items as a context.
    const auto& model = dynamic_cast<const SoftmaxNextItem<float>&>(*run.model);
    const data::UserSequences latest = data::last_items(data::user_sequences(ds, run.history), 20);
    const Id u = 7;
    std::vector<float> stored(static_cast<std::size_t>(ds.num_items())), given(stored.size());
    model.score_users(u, 1, stored);
    const std::vector<std::int64_t> offsets = {0, static_cast<std::int64_t>(latest.of(u).size())};
    model.score_with_context(std::vector<Id>{u}, latest.of(u), offsets, given);
    for (std::size_t i = 0; i < stored.size(); ++i) CHECK(stored[i] == doctest::Approx(given[i]));
  }
}
