// Every registered op against finite differences in double, on several random
// shapes each: the promise behind `recgrad gradcheck --ops`.
#include <doctest/doctest.h>

#include <set>
#include <string>

#include "autodiff/op_checks.hpp"
#include "autodiff/ops.hpp"

using namespace recgrad;

TEST_CASE("every registered op's gradient matches finite differences to 1e-6 in double") {
  for (std::uint64_t seed : {1u, 2u, 3u}) {
    const auto results = check_all_ops(seed);
    REQUIRE(results.size() == registered_op_checks().size());
    for (const auto& r : results) {
      INFO("op " << r.name << ", seed " << seed);
      for (const auto& p : r.report.params) {
        INFO("parameter " << p.name << ": worst index " << p.worst_index << ", analytic " << p.worst_analytic
                          << ", numeric " << p.worst_numeric);
        CHECK(p.coords_checked > 0);
        CHECK(p.max_rel_err <= 1e-6);
      }
      CHECK(r.report.ok);
    }
  }
}

TEST_CASE("the registry covers the ops the engine promises") {
  std::set<std::string> names;
  for (const auto& op : registered_op_checks()) names.insert(op.name);
  for (const char* required :
       {"add", "sub", "mul", "mul/broadcast-row", "mul/broadcast-col", "scale", "matmul", "matmul_nt", "add_bias",
        "rowwise_dot", "sum", "mean", "sum_rows", "mean_rows", "relu", "sigmoid", "tanh", "exp", "log", "softplus",
        "log_sigmoid", "concat_cols", "embedding", "embedding_bag/weighted-sum", "embedding_bag/mean", "gather_rows",
        "fm_interaction/weighted",
        "mse_loss", "bce_with_logits_loss", "weighted_bce_with_logits_loss", "bpr_loss", "softmax_cross_entropy_loss", "sampled_softmax_loss"}) {
    INFO(required);
    CHECK(names.count(required) == 1);
  }
}

TEST_CASE("the gradient checker catches a wrong gradient") {
  // The graph multiplies x by a copy of itself taken in as data: backward says
  // d/dx = x, while the function the finite differences see is sum(x^2), whose
  // gradient is 2x. The check must notice.
  Param<double> x("x", 1, 3);
  x.value(0, 0) = 0.5;
  x.value(0, 1) = -1.0;
  x.value(0, 2) = 2.0;
  const std::vector<Param<double>*> params = {&x};
  auto wrong = [&](Tape<double>& t) {
    Var<double> v = t.param(x);
    Var<double> sq = mul(v, t.constant(x.value.view()));  // treats the second factor as data
    return sum(sq);
  };
  const GradCheckReport report = check_gradients(params, wrong);
  CHECK_FALSE(report.ok);
  CHECK(report.params[0].max_rel_err > 0.1);
}
