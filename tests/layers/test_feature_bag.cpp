// FeatureBag: a row's representation is the weighted sum of its features' embeddings.
// The forward against sums written out by hand, the table's gradient against finite
// differences with rows repeated in the batch, features shared between rows and a
// feature listed twice in one row, and the choice of fields.
#include <doctest/doctest.h>

#include <stdexcept>
#include <vector>

#include "autodiff/gradcheck.hpp"
#include "layers/feature_bag.hpp"

using namespace recgrad;

namespace {

// 4 items; features 0..3 = item ids, 4..6 = genres, 7..8 = decades.
//   item 0: id 0, genres 4 and 5 (1/2 each), decade 7
//   item 1: id 1, genre 4, genre 4 again (weights 0.3 and 0.2: the same feature twice), decade 8
//   item 2: id 2, genre 6                           (no decade)
//   item 3: id 3 only                               (no metadata)
data::FeatureMatrix item_features() {
  data::FeatureMatrix m;
  m.fields = {{"item_id", 0, 4}, {"genre", 4, 3}, {"decade", 7, 2}};
  m.names = {"item_id=0", "item_id=1", "item_id=2", "item_id=3", "genre=a",
             "genre=b",   "genre=c",   "decade=1990", "decade=2000"};
  const std::vector<std::vector<std::pair<std::int32_t, float>>> rows = {
      {{0, 1.0f}, {4, 0.5f}, {5, 0.5f}, {7, 1.0f}},
      {{1, 1.0f}, {4, 0.3f}, {4, 0.2f}, {8, 1.0f}},
      {{2, 1.0f}, {6, 1.0f}},
      {{3, 1.0f}}};
  for (const auto& row : rows) {
    for (const auto& [id, w] : row) {
      m.ids.push_back(id);
      m.weights.push_back(w);
    }
    m.offsets.push_back(static_cast<std::int64_t>(m.ids.size()));
  }
  return m;
}

}  // namespace

TEST_CASE("feature bag: each row is the weighted sum of its features' embeddings") {
  Rng rng(1);
  const data::FeatureMatrix features = item_features();
  FeatureBag<double> bag("item_features", features, 3, 0.5, rng);
  CHECK(bag.rows() == 4);
  CHECK(bag.table().value.rows() == 9);
  const auto e = [&](std::int32_t f, std::int64_t d) { return bag.table().value(f, d); };
  Tape<double> tape;
  const std::vector<Id> rows{1, 0, 3, 1};
  const Var<double> q = bag(tape, rows);
  REQUIRE(q.shape() == Shape{4, 3});
  std::vector<double> represented(3);
  for (std::int64_t d = 0; d < 3; ++d) {
    CHECK(q.value()(0, d) == doctest::Approx(e(1, d) + 0.5 * e(4, d) + e(8, d)));
    CHECK(q.value()(1, d) == doctest::Approx(e(0, d) + 0.5 * e(4, d) + 0.5 * e(5, d) + e(7, d)));
    CHECK(q.value()(2, d) == doctest::Approx(e(3, d)));
  }
  for (std::size_t r = 0; r < rows.size(); ++r) {
    bag.represent(rows[r], represented);
    for (std::int64_t d = 0; d < 3; ++d) CHECK(represented[d] == doctest::Approx(q.value()(r, d)));
  }
}

TEST_CASE("feature bag: the table's gradient matches finite differences, rows and features repeated") {
  Rng rng(2);
  const data::FeatureMatrix features = item_features();
  for (const std::int64_t dim : {1, 4}) {  // width 1: a bias per feature
    CAPTURE(dim);
    FeatureBag<double> bag("item_features", features, dim, 0.7, rng);
    std::vector<Param<double>*> params;
    bag.collect_params(params);
    // Item 1 twice, genre 4 shared by items 0 and 1: their gradients must add up.
    const std::vector<Id> rows{0, 1, 2, 1, 3, 0};
    const GradCheckReport report = check_gradients(params, [&](Tape<double>& t) { return bag(t, rows); });
    CHECK(report.ok);
    CHECK(report.max_rel_err < 1e-8);
    // Only the features the batch read have gradient rows: all 9 here; none for a batch of item 3.
    Tape<double> tape;
    bag.table().zero_grad();
    const Var<double> q = bag(tape, std::vector<Id>{3});
    tape.backward(sum(q));
    REQUIRE(bag.table().sparse_grad.rows().size() == 1);
    CHECK(bag.table().sparse_grad.rows()[0] == 3);
  }
}

TEST_CASE("feature bag: a choice of fields keeps only their features") {
  Rng rng(3);
  const data::FeatureMatrix features = item_features();
  FeatureBag<double> metadata("item_metadata", features, 2, 0.5, rng, {"genre", "decade"});
  CHECK(metadata.features_of(0).size() == 3);  // genres 4, 5 and decade 7; not the id
  CHECK(metadata.features_of(3).empty());      // item 3 has no metadata: a zero row
  std::vector<double> q(2, 1.0);
  metadata.represent(3, q);
  CHECK(q == std::vector<double>{0.0, 0.0});
  CHECK_THROWS_AS(FeatureBag<double>("bad", features, 2, 0.5, rng, {"colour"}), std::invalid_argument);
  Tape<double> tape;
  CHECK_THROWS_AS(metadata(tape, std::vector<Id>{4}), std::out_of_range);
}
