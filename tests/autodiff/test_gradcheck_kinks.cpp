// The gradient checker and ReLU's kink: a coordinate whose nudges carry a relu input
// across 0 is checked at a point moved away from the kink rather than skipped; a
// coordinate no move frees is skipped and counted against a coverage minimum, so a check
// that compared almost nothing fails; and a wrong gradient is still caught.
#include <doctest/doctest.h>

#include "autodiff/gradcheck.hpp"
#include "autodiff/ops.hpp"

using namespace recgrad;

namespace {

// f(x) = sum(relu(x) .* c) for fixed weights c: x_0 sits 5e-4 from the kink, closer than
// the stencil's reach of 2h = 2e-3; x_1 and x_2 are far from it on either side.
struct KinkedGraph {
  Param<double> x{"x", 1, 3};
  KinkedGraph() {
    x.value(0, 0) = 5e-4;
    x.value(0, 1) = 0.7;
    x.value(0, 2) = -0.4;
  }
  Var<double> operator()(Tape<double>& t) {
    const double c[] = {1.5, -2.0, 0.5};
    return sum(mul(relu(t.param(x)), t.constant(MatrixView<const double>(c, Shape{1, 3}))));
  }
};

// f(x) = sum_k relu(x + o_k) with kinks o_k every 1e-4 over [-1, 1]: every stencil within
// reach of any shift, 4h = 4e-3 wide or 4e-4 at the finer step, crosses one, so no point
// frees the coordinate.
struct KinksEverywhere {
  Param<double> x{"x", 1, 1};
  Tensor<double> offsets{20001, 1};
  KinksEverywhere() {
    for (std::int64_t k = 0; k < offsets.rows(); ++k) offsets(k, 0) = -1.0 + 1e-4 * static_cast<double>(k) + 2.5e-5;
  }
  Var<double> operator()(Tape<double>& t) { return sum(relu(add_bias(t.constant(offsets.view()), t.param(x)))); }
};

}  // namespace

TEST_CASE("gradcheck checks a coordinate next to a ReLU kink at a point moved away from it") {
  KinkedGraph g;
  const std::vector<Param<double>*> params = {&g.x};
  const GradCheckReport moved = check_gradients(params, [&](Tape<double>& t) { return g(t); });
  REQUIRE(moved.params.size() == 1);
  const ParamCheck& c = moved.params[0];
  CHECK(c.coords_sampled == 3);
  CHECK(c.coords_checked == 3);
  CHECK(c.coords_shifted == 1);
  CHECK(c.coords_skipped == 0);
  CHECK(c.max_rel_err < 1e-9);
  CHECK(moved.ok);
  CHECK(g.x.value(0, 0) == 5e-4);  // the point is restored after the check
  CHECK(g.x.grad(0, 0) == 1.5);    // and so is the gradient at it

  // Without avoiding kinks, the quotient at x_0 straddles the kink and disagrees with relu's slope of 1.
  GradCheckOptions plain;
  plain.avoid_kinks = false;
  const GradCheckReport straddling = check_gradients(params, [&](Tape<double>& t) { return g(t); }, plain);
  CHECK(straddling.params[0].coords_skipped == 0);
  CHECK(straddling.params[0].coords_checked == 3);
  CHECK_FALSE(straddling.ok);
}

TEST_CASE("gradcheck fails a parameter whose coordinates all sit at kinks no shift escapes") {
  KinksEverywhere g;
  const std::vector<Param<double>*> params = {&g.x};
  const GradCheckReport report = check_gradients(params, [&](Tape<double>& t) { return g(t); });
  const ParamCheck& c = report.params[0];
  CHECK(c.coords_sampled == 1);
  CHECK(c.coords_skipped == 1);
  CHECK(c.coords_checked == 0);
  CHECK(c.coords_required == 1);
  CHECK_FALSE(c.coverage_ok);
  CHECK(c.max_rel_err == 0);  // nothing compared, nothing wrong: only coverage fails it
  CHECK_FALSE(report.ok);
}

TEST_CASE("gradcheck's coverage minimum: 90 % of the sampled coordinates and at least min(8, size)") {
  const GradCheckOptions o;
  CHECK(required_coords(16, 16, o) == 15);  // one skip in 16 passes, two fail
  CHECK(required_coords(100, 100, o) == 90);
  CHECK(required_coords(3, 3, o) == 3);
  CHECK(required_coords(4, 50, o) == 8);  // a sample of 4 from 50 is too small whatever it finds

  // A smooth graph sampled on 4 of its 10 coordinates compares all 4, and still fails.
  Param<double> x("x", 1, 10);
  for (std::int64_t i = 0; i < 10; ++i) x.value(0, i) = 0.1 * static_cast<double>(i);
  const std::vector<Param<double>*> params = {&x};
  GradCheckOptions few;
  few.max_coords_per_param = 4;
  const GradCheckReport report = check_gradients(params, [&](Tape<double>& t) { return sum(tanh(t.param(x))); }, few);
  CHECK(report.params[0].coords_checked == 4);
  CHECK(report.params[0].coords_required == 8);
  CHECK(report.params[0].max_rel_err < 1e-9);
  CHECK_FALSE(report.ok);
  CHECK(check_gradients(params, [&](Tape<double>& t) { return sum(tanh(t.param(x))); }).ok);
}

TEST_CASE("gradcheck still catches a wrong gradient, away from the kink and at a shifted point") {
  // relu(x) times a copy of x taken in as data: backward misses half of d/dx relu(x)^2.
  // x_1 sits next to the kink, so it is compared at a shifted point, where it is wrong too.
  Param<double> x("x", 1, 2);
  x.value(0, 0) = 0.8;
  x.value(0, 1) = 1e-4;
  const std::vector<Param<double>*> params = {&x};
  const GradCheckReport report = check_gradients(params, [&](Tape<double>& t) {
    return sum(mul(relu(t.param(x)), t.constant(x.value.view())));
  });
  CHECK(report.params[0].coords_shifted == 1);
  CHECK(report.params[0].coords_checked == 2);
  CHECK_FALSE(report.ok);
  CHECK(report.params[0].worst_index == 0);
}
