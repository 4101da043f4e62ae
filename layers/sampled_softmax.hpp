// Softmax output layer over a large set of classes (the items of a catalogue), trained
// either on all classes or on a sample of them.
//
// Each class c has an output embedding w_c (a row of `weight`) and a bias b_c; the
// logit of class c for an input vector u is z_c = u . w_c + b_c.
//
// Full softmax: L = mean over rows of  log Σ_c e^{z_c} - z_t  (t the row's target).
// Every class's row gets a gradient every step: O(B C k); the tables are read whole
// (tape.param), so their gradient is dense and the optimiser updates every row.
//
// Sampled softmax: S classes s_1..s_S drawn from a proposal Q (data/candidate_sampler.hpp),
// shared by all rows of the batch, stand in for the others:
//
//     L = mean over rows of  -log softmax(z' )_0,   z' = [z_t - log Q(t), z_{s_1} - log Q(s_1), ...]
//
// Why subtract log Q: Σ_c e^{z_c} = E_{s~Q}[e^{z_s} / Q(s)], so the sampled sum of
// e^{z_s - log Q(s)} estimates the full normaliser up to a constant factor; without
// the correction, popular classes (drawn often) are pushed down far more than the full
// softmax would push them, and the model learns popularity-deflated scores. Subtracting
// log Q from the target's logit too keeps the target comparable with the samples (Jean
// et al. 2015; TensorFlow's sampled_softmax_loss with remove_accidental_hits).
// A sample equal to the row's target (an accidental hit) would count the target as its
// own negative; it is removed by giving it log Q = +inf (its term becomes e^{-inf} = 0).
// Cost O(B S k), and only the sampled and target rows receive gradients.
//
// The bias is kept as a width-1 table beside the weights and both are read as one
// [rows x (k + 1)] matrix against [u, 1], so a logit is one dot product.
#pragma once

#include <array>
#include <limits>
#include <span>
#include <string>
#include <vector>

#include "autodiff/kernels/kernels.hpp"
#include "autodiff/ops.hpp"
#include "autodiff/random.hpp"

namespace recgrad {

template <class T>
class SampledSoftmax {
 public:
  // Output embeddings drawn from N(0, init_std^2), biases at 0.
  SampledSoftmax(const std::string& name, Id classes, std::int64_t dim, double init_std, Rng& rng)
      : weight_(Param<T>::table(name + ".weight", classes, dim)), bias_(Param<T>::table(name + ".bias", classes, 1)) {
    for (T& w : weight_.value) w = static_cast<T>(rng.normal(0.0, init_std));
  }

  // Logits of every class, [B x C], for inputs u [B x k].
  Var<T> logits(Var<T> u) {
    Tape<T>& tape = *u.tape;
    const std::array<Var<T>, 2> table{tape.param(weight_), tape.param(bias_)};
    return matmul_nt(with_ones(u), concat_cols<T>(table));
  }

  Var<T> full_loss(Var<T> u, std::span<const Id> targets) { return softmax_cross_entropy_loss(logits(u), targets); }

  // The sampled loss above: `negatives` shared by every row, `target_log_q[r]` = log Q(targets[r])
  // and `negative_log_q[s]` = log Q(negatives[s]).
  Var<T> sampled_loss(Var<T> u, std::span<const Id> targets, std::span<const Id> negatives,
                      std::span<const T> target_log_q, std::span<const T> negative_log_q) {
    Tape<T>& tape = *u.tape;
    const Var<T> u1 = with_ones(u);
    const Var<T> true_logit = rowwise_dot(u1, rows(tape, targets));     // [B x 1]
    const Var<T> sampled_logits = matmul_nt(u1, rows(tape, negatives));  // [B x S]
    const std::array<Var<T>, 2> parts{true_logit, sampled_logits};
    const auto B = static_cast<std::int64_t>(targets.size()), S = static_cast<std::int64_t>(negatives.size());
    Var<T> log_q = tape.constant(Shape{B, 1 + S});
    constexpr T kRemoved = std::numeric_limits<T>::infinity();
    for (std::int64_t r = 0; r < B; ++r) {
      T* q = log_q.value().row(r);
      q[0] = target_log_q[r];
      for (std::int64_t s = 0; s < S; ++s) q[1 + s] = negatives[s] == targets[r] ? kRemoved : negative_log_q[s];
    }
    return sampled_softmax_loss(concat_cols<T>(parts), log_q);
  }

  // Scores of `count` input vectors (row-major [count x k]) against every class, for
  // evaluation and top-k lists: out [count x C] = U W^T + b.
  void score(const T* inputs, std::int64_t count, T* out) const {
    const std::int64_t C = classes(), k = dim();
    kernels::gemm_nt<T>(count, C, k, inputs, weight_.value.data(), out, false);
    const T* b = bias_.value.data();
    for (std::int64_t r = 0; r < count; ++r)
      for (std::int64_t c = 0; c < C; ++c) out[r * C + c] += b[c];
  }

  std::int64_t classes() const { return weight_.value.rows(); }
  std::int64_t dim() const { return weight_.value.cols(); }
  Param<T>& weight() { return weight_; }
  Param<T>& bias() { return bias_; }
  const Param<T>& weight() const { return weight_; }
  const Param<T>& bias() const { return bias_; }
  void collect_params(std::vector<Param<T>*>& out) {
    out.push_back(&weight_);
    out.push_back(&bias_);
  }

 private:
  // [u, 1]: the column of ones meets the bias column of the class rows.
  static Var<T> with_ones(Var<T> u) {
    Var<T> ones = u.tape->constant(Shape{u.shape().rows, 1});
    for (T& x : std::span<T>(ones.value().data, static_cast<std::size_t>(u.shape().rows))) x = 1;
    const std::array<Var<T>, 2> parts{u, ones};
    return concat_cols<T>(parts);
  }
  // [w_c, b_c] for each id: sparse rows of both tables.
  Var<T> rows(Tape<T>& tape, std::span<const Id> ids) {
    const std::array<Var<T>, 2> parts{embedding<T>(tape, weight_, ids), embedding<T>(tape, bias_, ids)};
    return concat_cols<T>(parts);
  }

  Param<T> weight_;
  Param<T> bias_;
};

}  // namespace recgrad
