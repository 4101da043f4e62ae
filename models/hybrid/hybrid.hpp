// hybrid: a LightFM-style model (Kula 2015), user and item representations built from
// their features, so that it can rank items it never saw in training (formulas in hybrid.cpp).
#pragma once

#include <vector>

#include "layers/feature_bag.hpp"
#include "models/model.hpp"

namespace recgrad {

template <class T>
class Hybrid final : public Model<T> {
 public:
  // Reads the data's user and item feature matrices, every field; throws
  // std::invalid_argument without them.
  Hybrid(const ModelConfig& config, const ModelData& data, std::uint64_t seed);

  std::string name() const override { return "hybrid"; }
  Feedback feedback() const override { return Feedback::Pairwise; }
  std::vector<Param<T>*> params() override;
  Var<T> loss(Tape<T>& tape, const Batch<T>& batch) override;
  T manual_gradients(const Batch<T>& batch) override;
  void predict(std::span<const Id> users, std::span<const Id> items, std::span<T> out) const override;
  void score_users(Id first, Id count, std::span<T> out) const override;
  // q_i, built from the item's features: items with the same features have the same vector.
  Tensor<T> item_vectors() const override;
  Id num_users() const override { return static_cast<Id>(users_.rows()); }
  Id num_items() const override { return static_cast<Id>(items_.rows()); }

 private:
  ModelConfig config_;
  Rng rng_;
  FeatureBag<T> users_, items_;  // q_u and q_i: [dim] per row
  FeatureBag<T> item_bias_;      // b_i: the sum of the item's features' biases
  // The manual path's per-example values, kept between batches: the representations,
  // biases and scores of (u, i) and (u, j), the loss head's terms and slope d, and the
  // gradient of one q_u.
  struct ManualBuffers {
    std::vector<T> q_u, q_i, q_j, b_i, b_j, s_pos, s_neg, terms, d, d_u;
  };
  ManualBuffers manual_;
};

}  // namespace recgrad
