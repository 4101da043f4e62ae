// The factor model shared by biased MF, logistic MF and BPR:
//
//     s(u, i) = mu + b_u + b_i + p_u . q_i
//
// with user factors p (P, users x dim), item factors q (Q, items x dim), user and
// item biases b (tables of width 1) and a fixed offset mu. Each model switches off
// what it does not use (BPR has no b_u, since it cancels in s(u,i) - s(u,j); only
// MF has mu) and adds its own loss. The L2 term of the loss is per example, as in
// the classic per-rating SGD for MF: lambda * mean over the batch of the squared
// norms of the rows the example reads.
#pragma once

#include <optional>
#include <vector>

#include "layers/embedding.hpp"
#include "models/model.hpp"

namespace recgrad {

template <class T>
class FactorModel : public Model<T> {
 public:
  struct Parts {
    bool user_bias = true;
    bool global_offset = false;  // adds mu = config.global_mean
  };
  FactorModel(const ModelConfig& config, Parts parts, Id num_users, Id num_items, std::uint64_t seed);

  std::vector<Param<T>*> params() override;
  void predict(std::span<const Id> users, std::span<const Id> items, std::span<T> out) const override;
  void score_users(Id first, Id count, std::span<T> out) const override;
  Id num_users() const override { return static_cast<Id>(P_.rows()); }
  Id num_items() const override { return static_cast<Id>(Q_.rows()); }

  Tensor<T> item_vectors() const override { return Q_.table().value; }
  const Embedding<T>& user_factors() const { return P_; }
  const Embedding<T>& item_factors() const { return Q_; }
  const Embedding<T>& item_bias() const { return item_bias_; }

 protected:
  // s(u, i) for one pair from the parameter values (the manual path's forward).
  T score(Id u, Id i) const;

  // The autodiff path's pieces: the gathered rows of a batch and its score column.
  struct Rows {
    Var<T> p, q, b_u, b_i;  // b_u unset without a user bias
  };
  Rows gather(Tape<T>& tape, std::span<const Id> users, std::span<const Id> items);
  Var<T> score(Tape<T>& tape, const Rows& rows);
  // sum of the squared norms of the rows, per example: [B x 1]
  Var<T> squared_norms(const Rows& rows);

  // The manual path's chain rule for losses on one score per example, s(u, i):
  // given d_r = dL/ds_r for every example r, adds
  //     dL/dp_u += d_r q_i + (2λ/B) p_u        dL/db_u += d_r + (2λ/B) b_u
  //     dL/dq_i += d_r p_u + (2λ/B) q_i        dL/db_i += d_r + (2λ/B) b_i
  // (the last term of each from the per-example L2 penalty) and returns that penalty's
  // sum over the batch, λ Σ_r (|p_u|^2 + |q_i|^2 + b_u^2 + b_i^2). The loss itself only
  // has to supply d: the same chain rule serves every pointwise loss.
  T add_pointwise_gradients(const Batch<T>& batch, std::span<const T> dloss_dscore);

  // The manual path's forward: the scores s(u, i) of the batch's pairs, unclipped, into
  // scores_ and, for a pairwise loss, s(u, j) of its negatives into negative_scores_;
  // sizes the loss head's buffers (autodiff/loss_heads.hpp) to match.
  void score_batch(const Batch<T>& batch, bool with_negatives);

  // Per-example buffers of the manual paths (the scores, the loss head's terms and its
  // slope dL/ds), kept between batches so a steady loop does not allocate.
  std::vector<T> scores_, negative_scores_, head_terms_, dloss_dscore_;

  ModelConfig config_;
  Parts parts_;
  Rng rng_;
  Embedding<T> P_, Q_;
  std::optional<Embedding<T>> user_bias_;
  Embedding<T> item_bias_;
};

}  // namespace recgrad
