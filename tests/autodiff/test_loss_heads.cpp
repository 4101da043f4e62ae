// The loss heads (autodiff/loss_heads.hpp), which both gradient paths share: each head's
// slope against central finite differences of its own value, and its value and slope
// against the tape's loss op that is built on it.
#include <doctest/doctest.h>

#include <cmath>
#include <functional>
#include <vector>

#include "autodiff/loss_heads.hpp"
#include "autodiff/ops.hpp"

using namespace recgrad;

namespace {

constexpr std::int64_t kN = 7;
const std::vector<double> kScores{-3.0, -0.4, 0.0, 0.2, 1.5, 6.0, -12.0};
const std::vector<double> kTargets{1.0, 0.0, 1.0, 0.3, 0.0, 1.0, 0.0};  // labels in [0, 1], or the negatives' scores
const std::vector<double> kWeights{1.0, 2.5, 0.5, 1.0, 3.0, 1.0, 0.1};

// A head with everything but the scores fixed: the loss, and dL/ds into slope.
using Head = std::function<double(const std::vector<double>& s, std::vector<double>& slope)>;

// Each slope against (L(s + h e_i) - L(s - h e_i)) / 2h.
void check_against_finite_differences(const Head& head) {
  std::vector<double> slope(kN), unused(kN);
  head(kScores, slope);
  for (std::int64_t i = 0; i < kN; ++i) {
    const double h = 1e-5;
    std::vector<double> up = kScores, down = kScores;
    up[i] += h;
    down[i] -= h;
    const double numeric = (head(up, unused) - head(down, unused)) / (2 * h);
    INFO("example " << i);
    CHECK(slope[i] == doctest::Approx(numeric).epsilon(1e-6));
  }
}

// The tape op on the same scores, differentiated in its first input: its value and that
// input's gradient must be the head's at scale 1/n.
void check_against_tape(const Head& head, const std::function<Var<double>(Var<double>, Tape<double>&)>& op) {
  Tape<double> tape;
  Param<double> s("s", kN, 1);
  std::copy(kScores.begin(), kScores.end(), s.value.begin());
  const Var<double> loss = op(tape.param(s), tape);
  tape.backward(loss);
  std::vector<double> slope(kN);
  CHECK(loss.item() == doctest::Approx(head(kScores, slope)).epsilon(1e-14));
  for (std::int64_t i = 0; i < kN; ++i) CHECK(s.grad(i, 0) == doctest::Approx(slope[i]).epsilon(1e-14));
}

Var<double> column(Tape<double>& tape, const std::vector<double>& v) {
  return tape.constant(MatrixView<const double>{v.data(), {kN, 1}});
}

const double kMean = 1.0 / kN;

}  // namespace

TEST_CASE("squared error head: slope by finite differences and as the tape's mse_loss") {
  const Head head = [](const std::vector<double>& s, std::vector<double>& slope) {
    return squared_error_head(s.data(), kTargets.data(), kN, kMean, slope.data());
  };
  check_against_finite_differences(head);
  check_against_tape(head, [](Var<double> s, Tape<double>& t) { return mse_loss(s, column(t, kTargets)); });
}

TEST_CASE("logistic head, with and without weights: slope by finite differences and as the tape's BCE") {
  for (const bool weighted : {false, true}) {
    INFO("weighted " << weighted);
    const Head head = [weighted](const std::vector<double>& s, std::vector<double>& slope) {
      std::vector<double> terms(kN);
      return logistic_head(s.data(), kTargets.data(), weighted ? kWeights.data() : nullptr, kN, kMean, terms.data(),
                           slope.data());
    };
    check_against_finite_differences(head);
    check_against_tape(head, [weighted](Var<double> s, Tape<double>& t) {
      return weighted ? weighted_bce_with_logits_loss(s, column(t, kTargets), column(t, kWeights))
                      : bce_with_logits_loss(s, column(t, kTargets));
    });
  }
}

TEST_CASE("BPR head: slope by finite differences and as the tape's bpr_loss") {
  const Head head = [](const std::vector<double>& s, std::vector<double>& slope) {
    std::vector<double> terms(kN);
    return bpr_head(s.data(), kTargets.data(), kN, kMean, terms.data(), slope.data());
  };
  check_against_finite_differences(head);
  check_against_tape(head, [](Var<double> s, Tape<double>& t) { return bpr_loss(s, column(t, kTargets)); });
}

TEST_CASE_TEMPLATE("the logistic heads stay finite and take their limits at logits of +-1000", T, float, double) {
  const T z[] = {1000, -1000}, y[] = {0, 0};
  T terms[2], slope[2];
  const T bce = logistic_head(z, y, static_cast<const T*>(nullptr), 2, T(1), terms, slope);
  CHECK(bce == doctest::Approx(1000.0));  // softplus(1000) + softplus(-1000)
  CHECK(slope[0] == doctest::Approx(1.0));
  CHECK(slope[1] == doctest::Approx(0.0));
  // BPR with the positive score 1000 below the negative, then 1000 above it.
  const T bpr = bpr_head(y, z, 2, T(1), terms, slope);
  CHECK(bpr == doctest::Approx(1000.0));
  CHECK(slope[0] == doctest::Approx(-1.0));
  CHECK(slope[1] == doctest::Approx(0.0));
}
