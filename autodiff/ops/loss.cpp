// Losses, each the mean over the batch: MSE, BCE with logits (optionally
// weighted), BPR, softmax cross-entropy and sampled softmax with log-Q correction.
// All are written in forms that stay finite for logits of any size. Their per-example
// math is shared with the models' hand-derived paths: autodiff/loss_heads.hpp and
// autodiff/softmax_xent.hpp.
#include <algorithm>
#include <cmath>
#include <limits>

#include "autodiff/kernels/kernels.hpp"
#include "autodiff/loss_heads.hpp"
#include "autodiff/ops.hpp"
#include "autodiff/ops/op_support.hpp"
#include "autodiff/softmax_xent.hpp"

namespace recgrad {

using namespace ops_detail;

namespace {

template <class T>
T inv_count(MatrixView<T> scores) { return T(1) / static_cast<T>(scores.size()); }

// What the pointwise and pairwise losses keep for their backward pass, from their head
// (autodiff/loss_heads.hpp): dL/ds per example of the first input, and for the logistic
// loss the unweighted per-example terms (the slope in the weights).
template <class T>
struct HeadRecord {
  const T* slope;
  const T* terms;  // null but for the logistic loss
};

template <class T>
const HeadRecord<T>& head_record(const Node<T>& n) { return *static_cast<const HeadRecord<T>*>(n.saved); }

// Losses of a difference of their two inputs (MSE of p - y, BPR of pos - neg): the
// second input's slope is the first's, negated.
template <class T>
void difference_backward(Tape<T>& t, const Node<T>& n) {
  Node<T>& a = t.input(n, 0);
  Node<T>& b = t.input(n, 1);
  const T* slope = head_record(n).slope;
  for (std::int64_t i = 0; i < a.value.size(); ++i) {
    const T d = n.grad.data[0] * slope[i];
    if (a.requires_grad) a.grad.data[i] += d;
    if (b.requires_grad) b.grad.data[i] -= d;
  }
}

// L = 1/n Σ w (softplus(z) - y z): dL/dz from the head; the labels and weights, which a
// model rarely trains, take dL/dy = -w z / n and dL/dw = (softplus(z) - y z) / n. Without
// a weights input, w = 1.
template <class T>
void bce_backward(Tape<T>& t, const Node<T>& n) {
  Node<T>& z = t.input(n, 0);
  Node<T>& y = t.input(n, 1);
  Node<T>* w = n.num_inputs > 2 ? &t.input(n, 2) : nullptr;
  const T g = n.grad.data[0], k = inv_count(z.value) * g;
  const HeadRecord<T>& rec = head_record(n);
  for (std::int64_t i = 0; i < z.value.size(); ++i) {
    const T wi = w != nullptr ? w->value.data[i] : T(1);
    if (z.requires_grad) z.grad.data[i] += g * rec.slope[i];
    if (y.requires_grad) y.grad.data[i] -= k * wi * z.value.data[i];
    if (w != nullptr && w->requires_grad) w->grad.data[i] += k * rec.terms[i];
  }
}

// Room on the tape for a head's per-example output.
template <class T>
T* head_buffer(Tape<T>& t, MatrixView<T> scores) {
  return t.template scratch<T>(static_cast<std::size_t>(scores.size()));
}

template <class T>
struct SoftmaxRecord {
  const T* probs;
  const Id* targets;  // null: column 0 in every row
};

// L = 1/n Σ_r lse(z'_r) - z'_r[t_r] with z' = z - shift:
//   dL/dz_rc = (softmax(z'_r)_c - [c = t_r]) / n,  dL/dshift = -dL/dz (summed over broadcast rows)
template <class T>
void softmax_xent_backward(Tape<T>& t, const Node<T>& n) {
  const auto& rec = *static_cast<const SoftmaxRecord<T>*>(n.saved);
  Node<T>& z = t.input(n, 0);
  Node<T>* shift = n.num_inputs > 1 ? &t.input(n, 1) : nullptr;
  const std::int64_t rows = z.value.rows(), cols = z.value.cols();
  const T k = n.grad.data[0] / static_cast<T>(rows);
  const bool to_shift = shift != nullptr && shift->requires_grad;
  for (std::int64_t r = 0; r < rows; ++r) {
    const Id target = rec.targets != nullptr ? rec.targets[r] : 0;
    const T* p = rec.probs + r * cols;
    if (z.requires_grad) {
      T* g = z.grad.data + r * cols;
      kernels::axpy(k, p, g, cols);
      g[target] -= k;
    }
    if (to_shift) {
      T* g = shift->grad.data + (shift->value.rows() == 1 ? 0 : r) * cols;
      kernels::axpy(-k, p, g, cols);
      g[target] += k;
    }
  }
}

template <class T>
void require_batch_pair(const char* op, Var<T> a, Var<T> b, const char* name_b) {
  same_tape(op, a, b);
  require_shape(op, name_b, b.shape(), a.shape());
}

}  // namespace

template <class T>
Var<T> mse_loss(Var<T> pred, Var<T> target) {
  require_batch_pair("mse_loss", pred, target, "target");
  Tape<T>& t = *pred.tape;
  Var<T> out = t.record("mse_loss", {1, 1}, {pred, target}, &difference_backward<T>);
  const MatrixView<T> p = pred.value(), y = target.value();
  T* slope = head_buffer(t, p);
  out.value().data[0] = squared_error_head(p.data, y.data, p.size(), inv_count(p), slope);
  t.save_record(out, HeadRecord<T>{slope, nullptr});
  return out;
}

template <class T>
Var<T> weighted_bce_with_logits_loss(Var<T> logits, Var<T> labels, Var<T> weights) {
  const char* op = weights.tape != nullptr ? "weighted_bce_with_logits_loss" : "bce_with_logits_loss";
  require_batch_pair(op, logits, labels, "labels");
  if (weights.tape != nullptr) require_batch_pair(op, logits, weights, "weights");
  Tape<T>& t = *logits.tape;
  Var<T> out = weights.tape != nullptr ? t.record(op, {1, 1}, {logits, labels, weights}, &bce_backward<T>)
                                       : t.record(op, {1, 1}, {logits, labels}, &bce_backward<T>);
  const MatrixView<T> z = logits.value();
  const T* w = weights.tape != nullptr ? weights.value().data : nullptr;
  T *terms = head_buffer(t, z), *slope = head_buffer(t, z);
  out.value().data[0] = logistic_head(z.data, labels.value().data, w, z.size(), inv_count(z), terms, slope);
  t.save_record(out, HeadRecord<T>{slope, terms});
  return out;
}

template <class T>
Var<T> bce_with_logits_loss(Var<T> logits, Var<T> labels) {
  return weighted_bce_with_logits_loss(logits, labels, Var<T>{});
}

template <class T>
Var<T> bpr_loss(Var<T> pos_scores, Var<T> neg_scores) {
  require_batch_pair("bpr_loss", pos_scores, neg_scores, "negative scores");
  Tape<T>& t = *pos_scores.tape;
  Var<T> out = t.record("bpr_loss", {1, 1}, {pos_scores, neg_scores}, &difference_backward<T>);
  const MatrixView<T> s = pos_scores.value();
  T *terms = head_buffer(t, s), *slope = head_buffer(t, s);
  out.value().data[0] = bpr_head(s.data, neg_scores.value().data, s.size(), inv_count(s), terms, slope);
  t.save_record(out, HeadRecord<T>{slope, nullptr});
  return out;
}

template <class T>
Var<T> softmax_cross_entropy_loss(Var<T> logits, std::span<const Id> targets) {
  const char* op = "softmax_cross_entropy_loss";
  const Shape s = logits.shape();
  if (static_cast<std::int64_t>(targets.size()) != s.rows)
    shape_error(op, std::to_string(targets.size()) + " targets for logits " + to_string(s));
  for (Id c : targets)
    if (c < 0 || c >= s.cols)
      throw IndexError(std::string(op) + ": target class " + std::to_string(c) + " out of range for " +
                       std::to_string(s.cols) + " classes");
  Tape<T>& t = *logits.tape;
  Var<T> out = t.record(op, {1, 1}, {logits}, &softmax_xent_backward<T>);
  T* probs = t.template scratch<T>(static_cast<std::size_t>(s.size()));
  const Id* saved_targets = t.save(targets).data();
  const MatrixView<T> z = logits.value();
  const T total = softmax_xent_rows<T>(z.data, s.rows, s.cols, nullptr, 0, saved_targets, probs);
  out.value().data[0] = total / static_cast<T>(s.rows);
  t.save_record(out, SoftmaxRecord<T>{probs, saved_targets});
  return out;
}

template <class T>
Var<T> sampled_softmax_loss(Var<T> logits, Var<T> log_q) {
  const char* op = "sampled_softmax_loss";
  Tape<T>& t = same_tape(op, logits, log_q);
  const Shape s = logits.shape();
  if (s.cols < 2) shape_error(op, "logits " + to_string(s) + " need the true class and at least one sample");
  if (log_q.shape() != s && log_q.shape() != Shape{1, s.cols})
    shape_error(op, "log_q has shape " + to_string(log_q.shape()) + ", expected " + to_string(s) + " or [1 x " +
                        std::to_string(s.cols) + "]");
  Var<T> out = t.record(op, {1, 1}, {logits, log_q}, &softmax_xent_backward<T>);
  T* probs = t.template scratch<T>(static_cast<std::size_t>(s.size()));
  Id* targets = t.template scratch<Id>(static_cast<std::size_t>(s.rows));
  std::fill(targets, targets + s.rows, Id(0));
  const MatrixView<T> z = logits.value();
  const std::int64_t row_step = log_q.shape().rows == 1 ? 0 : 1;
  const T total = softmax_xent_rows<T>(z.data, s.rows, s.cols, log_q.value().data, row_step, targets, probs);
  out.value().data[0] = total / static_cast<T>(s.rows);
  t.save_record(out, SoftmaxRecord<T>{probs, targets});
  return out;
}

#define RECGRAD_OPS(T)                                                               \
  template Var<T> mse_loss(Var<T>, Var<T>);                                          \
  template Var<T> bce_with_logits_loss(Var<T>, Var<T>);                              \
  template Var<T> weighted_bce_with_logits_loss(Var<T>, Var<T>, Var<T>);             \
  template Var<T> bpr_loss(Var<T>, Var<T>);                                          \
  template Var<T> softmax_cross_entropy_loss(Var<T>, std::span<const Id>);          \
  template Var<T> sampled_softmax_loss(Var<T>, Var<T>);
RECGRAD_INSTANTIATE_OPS

}  // namespace recgrad
