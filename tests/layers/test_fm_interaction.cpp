// FmInteraction: the O(nnz k) form against the plain sum over pairs, the tape's
// gradient against finite differences, and the hand-derived gradient against the tape's.
#include <doctest/doctest.h>

#include <vector>

#include "autodiff/gradcheck.hpp"
#include "layers/fm_interaction.hpp"

using namespace recgrad;

namespace {

// Bags with a repeated id inside one bag, ids shared across bags, weights != 1 and an empty bag.
struct Bags {
  std::vector<Id> ids = {4, 1, 4, 0, 2, 1, 3};
  std::vector<std::int64_t> offsets = {0, 3, 3, 4, 7};
  std::vector<double> x = {0.5, 1.0, 2.0, 1.5, 0.25, 1.0, -0.75};
  std::span<const Id> ids_of(std::size_t b) const {
    return {ids.data() + offsets[b], static_cast<std::size_t>(offsets[b + 1] - offsets[b])};
  }
  std::span<const double> x_of(std::size_t b) const {
    return {x.data() + offsets[b], static_cast<std::size_t>(offsets[b + 1] - offsets[b])};
  }
  std::size_t size() const { return offsets.size() - 1; }
};

// sum over entry pairs j < l of <v_j, v_l> x_j x_l, the definition.
double pairs_by_definition(const Param<double>& V, std::span<const Id> ids, std::span<const double> x) {
  double total = 0;
  for (std::size_t j = 0; j < ids.size(); ++j)
    for (std::size_t l = j + 1; l < ids.size(); ++l)
      for (std::int64_t f = 0; f < V.value.cols(); ++f) total += V.value(ids[j], f) * V.value(ids[l], f) * x[j] * x[l];
  return total;
}

}  // namespace

TEST_CASE("fm interaction: the O(nnz k) form equals the sum over pairs, on the tape and by hand") {
  Rng rng(11);
  FmInteraction<double> layer("factors", 6, 5, 0.5, rng);
  const Bags bags;
  Tape<double> tape;
  const Var<double> out = layer(tape, bags.ids, bags.offsets, bags.x);
  REQUIRE(out.shape() == Shape{4, 1});
  std::vector<double> sums(5);
  for (std::size_t b = 0; b < bags.size(); ++b) {
    const double expected = pairs_by_definition(layer.table(), bags.ids_of(b), bags.x_of(b));
    CHECK(out.value()(static_cast<std::int64_t>(b), 0) == doctest::Approx(expected).epsilon(1e-12));
    CHECK(layer.pairwise(bags.ids_of(b), bags.x_of(b), sums.data()) == doctest::Approx(expected).epsilon(1e-12));
  }
  CHECK(out.value()(1, 0) == 0.0);  // the empty bag
  CHECK(out.value()(2, 0) == 0.0);  // one feature has no pair
}

TEST_CASE("fm interaction: the tape's gradient matches finite differences, touched rows only") {
  Rng rng(12);
  FmInteraction<double> layer("factors", 7, 4, 0.5, rng);  // row 5 and 6 are never read
  const Bags bags;
  std::vector<Param<double>*> params;
  layer.collect_params(params);
  const GradCheckReport report =
      check_gradients(params, [&](Tape<double>& t) { return layer(t, bags.ids, bags.offsets, bags.x); });
  CHECK(report.ok);
  CHECK(report.max_rel_err < 1e-9);
  Tape<double> tape;
  layer.table().zero_grad();
  tape.backward(sum(layer(tape, bags.ids, bags.offsets, bags.x)));
  for (const Id row : layer.table().sparse_grad.rows()) CHECK(row < 5);
}

TEST_CASE("fm interaction: the hand-derived gradient equals the tape's, with the L2 term") {
  Rng rng(13);
  FmInteraction<double> layer("factors", 6, 3, 0.5, rng);
  const Bags bags;
  const std::vector<double> seed = {0.7, -1.3, 0.4, 2.0};  // d loss / d pair_b
  const double l2_coef = 0.3;

  // The tape: sum_b seed_b pair_b + (l2_coef / 2) sum_j x_j |v_j|^2.
  Tape<double> tape;
  layer.table().zero_grad();
  const Var<double> pair = layer(tape, bags.ids, bags.offsets, bags.x);
  const Var<double> rows = embedding<double>(tape, layer.table(), bags.ids);
  const Var<double> x = tape.constant(MatrixView<const double>(bags.x.data(), Shape{7, 1}));
  const Var<double> penalty = scale(sum(mul(x, rowwise_dot(rows, rows))), l2_coef / 2);
  const Var<double> weighted = sum(mul(pair, tape.constant(MatrixView<const double>(seed.data(), Shape{4, 1}))));
  tape.backward(add(weighted, penalty));
  const Tensor<double> automatic = dense_gradient(layer.table());

  layer.table().zero_grad();
  std::vector<double> sums(3);
  for (std::size_t b = 0; b < bags.size(); ++b) {
    layer.pairwise(bags.ids_of(b), bags.x_of(b), sums.data());
    layer.add_gradient(bags.ids_of(b), bags.x_of(b), sums.data(), seed[b], l2_coef);
  }
  CHECK(relative_difference(automatic, dense_gradient(layer.table())) < 1e-12);
}
