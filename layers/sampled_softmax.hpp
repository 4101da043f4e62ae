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
// full_loss_values / sampled_loss_values give the same losses and gradients without a
// tape, from the chain rule through z_c = u . w_c + b_c: with g_rc = dL/dz_rc (from
// softmax_xent_slope, autodiff/softmax_xent.hpp; 0 for a removed accidental hit),
//
//     dL/du_r = Σ_c g_rc w_c,    dL/dw_c += Σ_r g_rc u_r,    dL/db_c += Σ_r g_rc
//
// over all classes (full: dense gradients, as the tape's whole-table read) or over the
// row's target and the shared samples (sampled: sparse rows, as the tape's gathers).
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
#include "autodiff/ops/table_support.hpp"
#include "autodiff/random.hpp"
#include "autodiff/softmax_xent.hpp"

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
    for (std::int64_t r = 0; r < B; ++r) {
      T* q = log_q.value().row(r);
      q[0] = target_log_q[r];
      for (std::int64_t s = 0; s < S; ++s) q[1 + s] = sample_log_q(negatives[s], targets[r], negative_log_q[s]);
    }
    return sampled_softmax_loss(concat_cols<T>(parts), log_q);
  }

  // full_loss without a tape, for inputs u [B x k] (B = targets.size()): adds the tables'
  // dense gradients, writes dL/du into du [B x k] and returns L.
  T full_loss_values(const T* u, std::span<const Id> targets, T* du) {
    const auto B = static_cast<std::int64_t>(targets.size());
    const std::int64_t C = classes(), k = dim();
    ops_detail::check_ids("full softmax", weight_.name(), targets, C);
    logits_.resize(static_cast<std::size_t>(B * C));
    score(u, B, logits_.data());
    const T loss = softmax_xent_rows<T>(logits_.data(), B, C, nullptr, 0, targets.data(), logits_.data());
    softmax_xent_slope<T>(logits_.data(), B, C, targets.data(), T(1) / static_cast<T>(B));
    const T* g = logits_.data();
    kernels::gemm_tn<T>(C, k, B, g, u, weight_.dense_grad().data(), true);
    for (std::int64_t r = 0; r < B; ++r) kernels::axpy(T(1), g + r * C, bias_.dense_grad().data(), C);
    kernels::gemm_nn<T>(B, k, C, g, weight_.value.data(), du, false);
    return loss / static_cast<T>(B);
  }

  // sampled_loss without a tape, arguments as there and u [B x k]: adds the sparse
  // gradient rows of the targets and samples, writes dL/du into du [B x k], returns L.
  T sampled_loss_values(const T* u, std::span<const Id> targets, std::span<const Id> negatives,
                        std::span<const T> target_log_q, std::span<const T> negative_log_q, T* du) {
    const auto B = static_cast<std::int64_t>(targets.size()), S = static_cast<std::int64_t>(negatives.size());
    const std::int64_t k = dim(), cols = 1 + S;
    sampled_logits_values(u, targets, negatives, target_log_q, negative_log_q);
    const T loss = softmax_xent_rows<T>(logits_.data(), B, cols, nullptr, 0, nullptr, logits_.data());
    softmax_xent_slope<T>(logits_.data(), B, cols, nullptr, T(1) / static_cast<T>(B));
    // Split g into the targets' column and the samples' [B x S] block, which meets the
    // gathered sample rows in one product each way.
    target_slope_.resize(static_cast<std::size_t>(B));
    sample_bias_slope_.assign(static_cast<std::size_t>(S), T(0));
    for (std::int64_t r = 0; r < B; ++r) {
      const T* g = logits_.data() + r * cols;
      target_slope_[static_cast<std::size_t>(r)] = g[0];
      std::copy_n(g + 1, S, sample_slope_.data() + r * S);
      kernels::axpy(T(1), g + 1, sample_bias_slope_.data(), S);
    }
    target_grad_.resize(static_cast<std::size_t>(B * k));
    for (std::int64_t r = 0; r < B; ++r) {
      const T g = target_slope_[static_cast<std::size_t>(r)];
      const T* w = weight_.value.row(targets[r]);
      for (std::int64_t d = 0; d < k; ++d) {
        du[r * k + d] = g * w[d];
        target_grad_[static_cast<std::size_t>(r * k + d)] = g * u[r * k + d];
      }
    }
    kernels::gemm_nn<T>(B, k, S, sample_slope_.data(), sample_rows_.data(), du, true);
    sample_grad_.resize(static_cast<std::size_t>(S * k));
    kernels::gemm_tn<T>(S, k, B, sample_slope_.data(), u, sample_grad_.data(), false);
    weight_.sparse_grad.add_rows(targets, target_grad_.data());
    bias_.sparse_grad.add_rows(targets, target_slope_.data());
    weight_.sparse_grad.add_rows(negatives, sample_grad_.data());
    bias_.sparse_grad.add_rows(negatives, sample_bias_slope_.data());
    return loss / static_cast<T>(B);
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
  // The log Q a sample's logit is shifted by in a row with this target: +inf for an
  // accidental hit, which removes the sample (e^{-inf} = 0), as described above.
  static T sample_log_q(Id sample, Id target, T log_q) {
    return sample == target ? std::numeric_limits<T>::infinity() : log_q;
  }

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

  // logits_ = z' of sampled_loss (log Q subtracted, -inf at accidental hits), and the
  // samples' rows of the weight table gathered into sample_rows_ [S x k].
  void sampled_logits_values(const T* u, std::span<const Id> targets, std::span<const Id> negatives,
                             std::span<const T> target_log_q, std::span<const T> negative_log_q) {
    ops_detail::check_ids("sampled softmax", weight_.name(), targets, classes());
    ops_detail::check_ids("sampled softmax", weight_.name(), negatives, classes());
    const auto B = static_cast<std::int64_t>(targets.size()), S = static_cast<std::int64_t>(negatives.size());
    const std::int64_t k = dim(), cols = 1 + S;
    const T* b = bias_.value.data();
    sample_rows_.resize(static_cast<std::size_t>(S * k));
    kernels::gather_rows(weight_.value.data(), k, negatives.data(), S, sample_rows_.data());
    sample_slope_.resize(static_cast<std::size_t>(B * S));  // u_r . w_s here; the samples' slopes later
    kernels::gemm_nt<T>(B, S, k, u, sample_rows_.data(), sample_slope_.data(), false);
    logits_.resize(static_cast<std::size_t>(B * cols));
    for (std::int64_t r = 0; r < B; ++r) {
      T* z = logits_.data() + r * cols;
      const Id t = targets[r];
      z[0] = kernels::dot(u + r * k, weight_.value.row(t), k) + b[t] - target_log_q[r];
      for (std::int64_t s = 0; s < S; ++s) {
        const Id c = negatives[s];
        z[1 + s] = sample_slope_[static_cast<std::size_t>(r * S + s)] + b[c] - sample_log_q(c, t, negative_log_q[s]);
      }
    }
  }

  Param<T> weight_;
  Param<T> bias_;
  // The tape-free paths' per-batch values, reused so a steady loop does not allocate.
  std::vector<T> logits_, sample_rows_, sample_slope_, target_slope_, sample_bias_slope_, target_grad_, sample_grad_;
};

}  // namespace recgrad
