// softmax: a next-item model in the style of YouTube DNN (Covington et al. 2016), as the
// PyTorch reference ../shared/peers/torch/youtube_dnn.py builds it (formulas in softmax.cpp;
// the hand-derived gradient in softmax_manual.cpp).
#pragma once

#include <vector>

#include "layers/embedding.hpp"
#include "layers/feature_bag.hpp"
#include "layers/mlp.hpp"
#include "layers/sampled_softmax.hpp"
#include "models/next_item.hpp"

namespace recgrad {

template <class T>
class SoftmaxNextItem final : public Model<T>, public NextItemRecommender<T> {
 public:
  // Side features: the user fields age, gender and occupation that `data` has (none
  // without user features); its own option `softmax` chooses the training loss.
  SoftmaxNextItem(const ModelConfig& config, const ModelData& data, std::uint64_t seed);

  std::string name() const override { return "softmax"; }
  Feedback feedback() const override { return Feedback::NextItem; }
  std::vector<Param<T>*> params() override;
  Var<T> loss(Tape<T>& tape, const Batch<T>& batch) override;
  T manual_gradients(const Batch<T>& batch) override;

  // With each user's context from set_user_contexts (empty before).
  void predict(std::span<const Id> users, std::span<const Id> items, std::span<T> out) const override;
  void score_users(Id first, Id count, std::span<T> out) const override;
  Id num_users() const override { return num_users_; }
  Id num_items() const override { return static_cast<Id>(output_.classes()); }

  void score_with_context(std::span<const Id> users, std::span<const Id> context_items,
                          std::span<const std::int64_t> context_offsets, std::span<T> out) const override;
  void set_user_contexts(data::UserSequences contexts) override { contexts_ = std::move(contexts); }

  // The user vectors of users[r] after their contexts, [users.size() x dim] row-major,
  // from the parameter values without a tape: the scoring path. Equal to the tape's.
  void user_vectors(std::span<const Id> users, std::span<const Id> context_items,
                    std::span<const std::int64_t> context_offsets, std::span<T> out) const;
  // The same, recorded on a tape: the training path.
  Var<T> user_vectors(Tape<T>& tape, std::span<const Id> users, std::span<const Id> context_items,
                      std::span<const std::int64_t> context_offsets);

  std::int64_t dim() const { return history_.dim(); }

 private:
  // Checks that the batch has what the configured loss needs; true for the sampled loss.
  bool sampled(const Batch<T>& batch) const;
  // x_u = [mean of the context's input embeddings ; side embeddings], one row per user
  // (rows of tower_.in() values): the tower's input, for both tape-free paths.
  void tower_input(std::span<const Id> users, std::span<const Id> context_items,
                   std::span<const std::int64_t> context_offsets, T* x) const;
  // Scores with each user's stored context: score_users and predict share it.
  void stored_user_vectors(std::span<const Id> users, std::vector<T>& out) const;

  ModelConfig config_;
  Id num_users_;
  Rng rng_;
  Embedding<T> history_;          // input embeddings of the context items
  std::vector<FeatureBag<T>> side_;  // one small embedding per user field
  Mlp<T> tower_;                  // [history mean ; side embeddings] -> hidden -> dim
  SampledSoftmax<T> output_;      // output embeddings and biases of the items
  bool full_softmax_;             // trained over every item rather than the sampled ones
  data::UserSequences contexts_;
  std::vector<Var<T>> parts_;     // the tower's input parts, reused between batches
  std::vector<T> x_, dv_;         // the manual path's tower input and dL/dv, reused between batches
};

}  // namespace recgrad
