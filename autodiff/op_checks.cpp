// One gradient-check case per op. Shapes are drawn at random (small, so a full
// finite-difference sweep is cheap), values from ranges that keep each op smooth:
// relu inputs away from the kink, log inputs positive, logits moderate.
#include "autodiff/op_checks.hpp"

#include <limits>

#include "autodiff/ops.hpp"

namespace recgrad {

namespace {

using P = Param<double>*;
using V = Var<double>;
using TapeD = Tape<double>;

class CaseBuilder {
 public:
  explicit CaseBuilder(Rng& rng) : rng_(rng) {}

  std::int64_t size(std::int64_t lo, std::int64_t hi) { return lo + static_cast<std::int64_t>(rng_.below(hi - lo + 1)); }

  P uniform(const char* name, std::int64_t rows, std::int64_t cols, double lo = -1, double hi = 1) {
    P p = add(std::make_unique<Param<double>>(name, rows, cols));
    for (double& x : p->value) x = rng_.uniform(lo, hi);
    return p;
  }
  // Magnitudes in [0.1, 1] with random signs: more than 2h from relu's kink at 0.
  P away_from_zero(const char* name, std::int64_t rows, std::int64_t cols) {
    P p = uniform(name, rows, cols, 0.1, 1.0);
    for (double& x : p->value) x = rng_.below(2) != 0 ? x : -x;
    return p;
  }
  P table(const char* name, std::int64_t rows, std::int64_t dim) {
    P p = add(std::make_unique<Param<double>>(Param<double>::table(name, rows, dim)));
    for (double& x : p->value) x = rng_.uniform(-1, 1);
    return p;
  }
  // n ids below `rows`, the last repeating the first so duplicates are exercised.
  std::vector<Id> ids(std::int64_t n, std::int64_t rows) {
    std::vector<Id> out(static_cast<std::size_t>(n));
    for (Id& id : out) id = static_cast<Id>(rng_.below(static_cast<std::uint64_t>(rows)));
    if (n > 1) out.back() = out.front();
    return out;
  }
  OpCheckCase done(Graph g) {
    case_.graph = std::move(g);
    return std::move(case_);
  }
  Rng& rng() { return rng_; }

 private:
  P add(std::unique_ptr<Param<double>> p) {
    case_.params.push_back(std::move(p));
    return case_.params.back().get();
  }
  Rng& rng_;
  OpCheckCase case_;
};

// A binary op on operands of shape [r x c] and `b_shape(r, c)`, both trainable.
template <V (*Op)(V, V)>
OpCheckCase binary_case(Rng& rng, Shape (*b_shape)(std::int64_t, std::int64_t)) {
  CaseBuilder b(rng);
  const std::int64_t r = b.size(1, 6), c = b.size(1, 5);
  const Shape sb = b_shape(r, c);
  P x = b.uniform("a", r, c), y = b.uniform("b", sb.rows, sb.cols);
  return b.done([=](TapeD& t) { return Op(t.param(*x), t.param(*y)); });
}
Shape same(std::int64_t r, std::int64_t c) { return {r, c}; }
Shape one_row(std::int64_t, std::int64_t c) { return {1, c}; }
Shape one_col(std::int64_t r, std::int64_t) { return {r, 1}; }
Shape one_by_one(std::int64_t, std::int64_t) { return {1, 1}; }

// A unary op on values drawn uniformly from [lo, hi].
template <V (*Op)(V)>
OpCheckCase unary_case(Rng& rng, double lo, double hi) {
  CaseBuilder b(rng);
  P x = b.uniform("x", b.size(1, 6), b.size(1, 5), lo, hi);
  return b.done([=](TapeD& t) { return Op(t.param(*x)); });
}

template <V (*Loss)(V, V)>
OpCheckCase pair_loss_case(Rng& rng, double lo_b, double hi_b) {
  CaseBuilder b(rng);
  const std::int64_t n = b.size(1, 8);
  P x = b.uniform("first", n, 1, -3, 3), y = b.uniform("second", n, 1, lo_b, hi_b);
  return b.done([=](TapeD& t) { return Loss(t.param(*x), t.param(*y)); });
}

const OpCheck kOpChecks[] = {
    {"add", [](Rng& r) { return binary_case<add<double>>(r, same); }},
    {"add/broadcast-row", [](Rng& r) { return binary_case<add<double>>(r, one_row); }},
    {"add/broadcast-col", [](Rng& r) { return binary_case<add<double>>(r, one_col); }},
    {"sub", [](Rng& r) { return binary_case<sub<double>>(r, same); }},
    {"sub/broadcast-scalar", [](Rng& r) { return binary_case<sub<double>>(r, one_by_one); }},
    {"mul", [](Rng& r) { return binary_case<mul<double>>(r, same); }},
    {"mul/broadcast-row", [](Rng& r) { return binary_case<mul<double>>(r, one_row); }},
    {"mul/broadcast-col", [](Rng& r) { return binary_case<mul<double>>(r, one_col); }},
    {"scale", [](Rng& rng) {
       CaseBuilder b(rng);
       P x = b.uniform("x", b.size(1, 6), b.size(1, 5));
       const double alpha = rng.uniform(-2, 2);
       return b.done([=](TapeD& t) { return scale(t.param(*x), alpha); });
     }},
    {"add_bias", [](Rng& rng) {
       CaseBuilder b(rng);
       const std::int64_t r = b.size(1, 6), c = b.size(1, 5);
       P x = b.uniform("x", r, c), bias = b.uniform("bias", 1, c);
       return b.done([=](TapeD& t) { return add_bias(t.param(*x), t.param(*bias)); });
     }},
    {"relu", [](Rng& rng) {
       CaseBuilder b(rng);
       P x = b.away_from_zero("x", b.size(1, 6), b.size(1, 5));
       return b.done([=](TapeD& t) { return relu(t.param(*x)); });
     }},
    {"sigmoid", [](Rng& r) { return unary_case<sigmoid<double>>(r, -4, 4); }},
    {"tanh", [](Rng& r) { return unary_case<tanh<double>>(r, -2, 2); }},
    {"exp", [](Rng& r) { return unary_case<exp<double>>(r, -2, 2); }},
    {"log", [](Rng& r) { return unary_case<log<double>>(r, 0.2, 3); }},
    {"softplus", [](Rng& r) { return unary_case<softplus<double>>(r, -4, 4); }},
    {"log_sigmoid", [](Rng& r) { return unary_case<log_sigmoid<double>>(r, -4, 4); }},
    {"sum", [](Rng& r) { return unary_case<sum<double>>(r, -1, 1); }},
    {"mean", [](Rng& r) { return unary_case<mean<double>>(r, -1, 1); }},
    {"sum_rows", [](Rng& r) { return unary_case<sum_rows<double>>(r, -1, 1); }},
    {"mean_rows", [](Rng& r) { return unary_case<mean_rows<double>>(r, -1, 1); }},
    {"rowwise_dot", [](Rng& r) { return binary_case<rowwise_dot<double>>(r, same); }},
    {"rowwise_dot/same-input", [](Rng& rng) {  // |x_r|^2, whose backward takes a shortcut
       CaseBuilder b(rng);
       P x = b.uniform("x", b.size(1, 6), b.size(1, 5));
       return b.done([=](TapeD& t) {
         const V v = t.param(*x);
         return rowwise_dot(v, v);
       });
     }},
    {"matmul", [](Rng& rng) {
       CaseBuilder b(rng);
       const std::int64_t m = b.size(1, 7), k = b.size(1, 9), n = b.size(1, 6);
       P x = b.uniform("a", m, k), y = b.uniform("b", k, n);
       return b.done([=](TapeD& t) { return matmul(t.param(*x), t.param(*y)); });
     }},
    {"matmul_nt", [](Rng& rng) {
       CaseBuilder b(rng);
       const std::int64_t m = b.size(1, 7), k = b.size(1, 9), n = b.size(1, 6);
       P x = b.uniform("a", m, k), y = b.uniform("b", n, k);
       return b.done([=](TapeD& t) { return matmul_nt(t.param(*x), t.param(*y)); });
     }},
    {"concat_cols", [](Rng& rng) {
       CaseBuilder b(rng);
       const std::int64_t r = b.size(1, 5);
       P x = b.uniform("a", r, b.size(1, 4)), y = b.uniform("b", r, b.size(1, 4)), z = b.uniform("c", r, 1);
       return b.done([=](TapeD& t) {
         const V parts[] = {t.param(*x), t.param(*y), t.param(*z)};
         return concat_cols<double>(parts);
       });
     }},
    {"embedding", [](Rng& rng) {
       CaseBuilder b(rng);
       P table = b.table("table", b.size(3, 12), b.size(1, 6));
       const auto ids = b.ids(b.size(2, 8), table->value.rows());
       return b.done([=](TapeD& t) { return embedding<double>(t, *table, ids); });
     }},
    {"embedding_bag/weighted-sum", [](Rng& rng) {
       CaseBuilder b(rng);
       P table = b.table("table", b.size(3, 12), b.size(1, 6));
       const auto ids = b.ids(7, table->value.rows());
       const std::vector<std::int64_t> offsets = {0, 3, 3, 7};  // the middle bag is empty
       std::vector<double> weights(ids.size());
       for (double& w : weights) w = rng.uniform(0.1, 2);
       return b.done([=](TapeD& t) { return embedding_bag<double>(t, *table, ids, offsets, weights, BagMode::Sum); });
     }},
    {"embedding_bag/mean", [](Rng& rng) {
       CaseBuilder b(rng);
       P table = b.table("table", b.size(3, 12), b.size(1, 6));
       const auto ids = b.ids(6, table->value.rows());
       const std::vector<std::int64_t> offsets = {0, 1, 4, 6};
       return b.done([=](TapeD& t) { return embedding_bag<double>(t, *table, ids, offsets, {}, BagMode::Mean); });
     }},
    {"fm_interaction/weighted", [](Rng& rng) {
       CaseBuilder b(rng);
       P table = b.table("factors", b.size(4, 10), b.size(1, 6));
       // Bag 0 holds id 2 twice, bag 1 is empty, bag 3 reads ids of bags 0 and 2 again.
       const std::vector<Id> ids = {2, 0, 2, 1, 3, 0, 2, 3};
       const std::vector<std::int64_t> offsets = {0, 3, 3, 5, 8};
       std::vector<double> weights(ids.size());
       for (double& w : weights) w = rng.uniform(0.2, 2);
       return b.done([=](TapeD& t) { return fm_interaction<double>(t, *table, ids, offsets, weights); });
     }},
    {"fm_interaction/unit-weights", [](Rng& rng) {
       CaseBuilder b(rng);
       P table = b.table("factors", b.size(3, 12), b.size(1, 6));
       const auto ids = b.ids(7, table->value.rows());  // the last repeats the first, across bags
       const std::vector<std::int64_t> offsets = {0, 1, 4, 7};  // a bag of one has no pairs: 0
       return b.done([=](TapeD& t) { return fm_interaction<double>(t, *table, ids, offsets); });
     }},
    {"gather_rows", [](Rng& rng) {
       CaseBuilder b(rng);
       P x = b.uniform("x", b.size(2, 9), b.size(1, 5));
       const auto ids = b.ids(b.size(2, 7), x->value.rows());
       return b.done([=](TapeD& t) { return gather_rows(t.param(*x), std::span<const Id>(ids)); });
     }},
    {"mse_loss", [](Rng& r) { return pair_loss_case<mse_loss<double>>(r, -3, 3); }},
    {"bce_with_logits_loss", [](Rng& r) { return pair_loss_case<bce_with_logits_loss<double>>(r, 0, 1); }},
    {"weighted_bce_with_logits_loss", [](Rng& rng) {
       CaseBuilder b(rng);
       const std::int64_t n = b.size(1, 8);
       P z = b.uniform("logits", n, 1, -3, 3), y = b.uniform("labels", n, 1, 0, 1), w = b.uniform("weights", n, 1, 0.5, 3);
       return b.done([=](TapeD& t) { return weighted_bce_with_logits_loss(t.param(*z), t.param(*y), t.param(*w)); });
     }},
    {"bpr_loss", [](Rng& r) { return pair_loss_case<bpr_loss<double>>(r, -3, 3); }},
    {"softmax_cross_entropy_loss", [](Rng& rng) {
       CaseBuilder b(rng);
       const std::int64_t n = b.size(1, 6), classes = b.size(2, 7);
       P z = b.uniform("logits", n, classes, -3, 3);
       const auto targets = b.ids(n, classes);
       return b.done([=](TapeD& t) { return softmax_cross_entropy_loss(t.param(*z), std::span<const Id>(targets)); });
     }},
    {"sampled_softmax_loss", [](Rng& rng) {
       CaseBuilder b(rng);
       const std::int64_t n = b.size(1, 6), cols = b.size(2, 7);
       P z = b.uniform("logits", n, cols, -3, 3), log_q = b.uniform("log_q", 1, cols, -4, -0.5);
       return b.done([=](TapeD& t) { return sampled_softmax_loss(t.param(*z), t.param(*log_q)); });
     }},
    {"sampled_softmax_loss/accidental-hit", [](Rng& rng) {
       CaseBuilder b(rng);
       const std::int64_t n = b.size(2, 6), cols = b.size(3, 7);
       P z = b.uniform("logits", n, cols, -3, 3);
       Tensor<double> log_q(n, cols);
       for (double& q : log_q) q = rng.uniform(-4, -0.5);
       log_q(0, cols - 1) = std::numeric_limits<double>::infinity();  // removed from row 0's softmax
       return b.done([=](TapeD& t) { return sampled_softmax_loss(t.param(*z), t.constant(log_q.view())); });
     }},
};

}  // namespace

std::vector<Param<double>*> OpCheckCase::param_pointers() const {
  std::vector<Param<double>*> out;
  for (const auto& p : params) out.push_back(p.get());
  return out;
}

std::span<const OpCheck> registered_op_checks() { return kOpChecks; }

std::vector<OpCheckResult> check_all_ops(std::uint64_t seed, const GradCheckOptions& options,
                                         const std::string& filter) {
  std::vector<OpCheckResult> results;
  const Rng rng(seed);
  for (std::size_t i = 0; i < std::size(kOpChecks); ++i) {
    const OpCheck& op = kOpChecks[i];
    if (!filter.empty() && std::string(op.name).find(filter) == std::string::npos) continue;
    Rng case_rng = rng.fork(i);  // a case's inputs do not depend on which others run
    OpCheckCase c = op.make(case_rng);
    const auto params = c.param_pointers();
    results.push_back({op.name, check_gradients(params, c.graph, options)});
  }
  return results;
}

}  // namespace recgrad
