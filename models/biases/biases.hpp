// biases: the baseline predictor of the rating models, r = mu + b_u + b_i (Koren 2010,
// "Factor in the neighbors", section 2.1): the training mean, how a user rates above or
// below it, and how an item is rated above or below it, with nothing learnt about taste.
// A rating model that does not beat it has learnt only who rates high and what is rated
// high; the training mean alone is a far lower bar.
//
// Fitted by alternating exact minimisers of
//   sum over training ratings (r - mu - b_u - b_i)^2 + l2 (sum b_u^2 + sum b_i^2):
// each sweep sets every b_i given the b_u, then every b_u given the b_i (each a shrunk
// mean of residuals, sum / (l2 + count)); a few sweeps converge. Predictions are clipped
// to the training ratings' range, as mf's are.
#pragma once

#include "autodiff/tensor.hpp"
#include "data/user_items.hpp"
#include "models/model.hpp"

namespace recgrad {

class Biases final : public SweepModel<float> {
 public:
  Biases(const ModelConfig& config, Id num_users, Id num_items);

  // The lists must carry each pair's rating (UserItems::from_rated_pairs).
  void begin_sweeps(const data::UserItems& user_items, const data::UserItems& item_users,
                    const SweepSettings& settings) override;
  void sweep() override;
  NamedTensors<float> tensors() override { return {{"user_bias", &user_bias_}, {"item_bias", &item_bias_}}; }

  std::string name() const override { return "biases"; }
  Feedback feedback() const override { return Feedback::Explicit; }
  void predict(std::span<const Id> users, std::span<const Id> items, std::span<float> out) const override;
  void score_users(Id first, Id count, std::span<float> out) const override;
  Id num_users() const override { return static_cast<Id>(user_bias_.rows()); }
  Id num_items() const override { return static_cast<Id>(item_bias_.rows()); }

 private:
  ModelConfig config_;
  Tensor<float> user_bias_, item_bias_;  // [users x 1], [items x 1]
  // The caller's lists, alive for the sweeps only.
  const data::UserItems* user_items_ = nullptr;
  const data::UserItems* item_users_ = nullptr;
};

}  // namespace recgrad
