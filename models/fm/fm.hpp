// fm and fm-bpr: a factorisation machine (Rendle 2010) over the user's and the item's
// feature rows, for explicit ratings (squared error) or implicit feedback (BPR); the
// formulas and their gradients are in fm.cpp.
#pragma once

#include <vector>

#include "layers/feature_bag.hpp"
#include "layers/fm_interaction.hpp"
#include "models/model.hpp"

namespace recgrad {

template <class T>
class FactorisationMachine final : public Model<T> {
 public:
  enum class Objective {
    Ratings,  // "fm": squared error on ratings, predictions clipped to the rating range
    Ranking,  // "fm-bpr": BPR on (user, positive, sampled negative) triples
  };
  // Reads the data's user and item feature matrices (which must be there), keeping the
  // fields its own option `fields` names.
  FactorisationMachine(const ModelConfig& config, const ModelData& data, Objective objective, std::uint64_t seed);

  std::string name() const override { return objective_ == Objective::Ratings ? "fm" : "fm-bpr"; }
  Feedback feedback() const override {
    return objective_ == Objective::Ratings ? Feedback::Explicit : Feedback::Pairwise;
  }
  std::vector<Param<T>*> params() override;
  Var<T> loss(Tape<T>& tape, const Batch<T>& batch) override;
  T manual_gradients(const Batch<T>& batch) override;
  void predict(std::span<const Id> users, std::span<const Id> items, std::span<T> out) const override;
  void score_users(Id first, Id count, std::span<T> out) const override;
  Tensor<T> item_vectors() const override;
  Id num_users() const override { return static_cast<Id>(user_weights_.rows()); }
  Id num_items() const override { return static_cast<Id>(item_weights_.rows()); }

  // Whether training has read feature j (user features first, then item features).
  bool trained(Id feature) const { return seen_[static_cast<std::size_t>(feature)] != 0; }
  // Which features training has read, one flag per factor row: state that is not a
  // parameter, which a model file must carry (scoring leaves the others out).
  const std::vector<std::uint8_t>& trained_features() const { return seen_; }
  void set_trained_features(std::vector<std::uint8_t> flags);  // std::invalid_argument unless one per factor row
  // The flags as a model file keeps them: "trained_features", [factor rows x 1] of 0 or 1.
  std::vector<StateTensor> extra_state() const override;
  void restore_extra_state(const std::vector<StateTensor>& state) override;
  // The number of an item feature (as data::FeatureMatrix numbers it) among all features.
  Id item_feature(Id item_side_feature) const { return item_side_feature + user_features_; }

 private:
  // One batch's feature rows, one bag per example, in CSR form: `both` holds the user's
  // features then the item's (numbered after the user features), `user` and `item`
  // each side alone (in its own numbering), for the linear weights.
  struct Bags {
    std::vector<Id> ids;
    std::vector<std::int64_t> offsets{0};
    std::vector<T> x;
    void clear();
    void append(std::span<const Id> features, std::span<const T> values, Id shift);
    void close() { offsets.push_back(static_cast<std::int64_t>(ids.size())); }
    std::span<const Id> ids_of(std::int64_t r) const;
    std::span<const T> x_of(std::int64_t r) const;
  };
  struct BatchBags {
    Bags both, user, item;
    std::int64_t size() const { return static_cast<std::int64_t>(both.offsets.size()) - 1; }
  };
  // A batch's training examples: its pairs, then copies_ (id-free-copies), a fixed
  // choice of them by a hash of the pair, once more without the item's id; for ratings,
  // their targets in targets_.
  void choose_examples(const Batch<T>& batch);
  // Fills `bags` with those examples for the pairs (users[r], items[r]) and marks the
  // features they read as trained.
  void fill(std::span<const Id> users, std::span<const Id> items, BatchBags& bags);

  // The automatic path: the scores of a batch's bags, [B x 1], and the L2 penalty's sum
  // over them, sum_entries x_j (|v_j|^2 + w_j^2), [1 x 1].
  Var<T> score(Tape<T>& tape, const BatchBags& bags);
  Var<T> penalty(Tape<T>& tape, const BatchBags& bags);

  // The manual path for example r of `bags`: its score (sums gets s = sum_j x_j v_j), and
  // the chain rule for d = dL/ds with the example's L2 penalty (coefficient λ, batch B),
  // which returns that penalty's sum_j x_j (|v_j|^2 + w_j^2).
  T score(const BatchBags& bags, std::int64_t r, T* sums) const;
  T add_gradients(const BatchBags& bags, std::int64_t r, const T* sums, T d, T l2_coef);
  // score() of every example of `bags`, into scores (and their s into sums, dim apart).
  void score_all(const BatchBags& bags, std::vector<T>& scores, std::vector<T>& sums) const;

  // Scoring with the parameter values: one side's (user's or item's) part of the score,
  // with features never read in training left out (their x taken as 0); sums gets the
  // side's sum_j x_j v_j. Scratch holds the side's ids and values (per caller: scoring
  // may run on several threads at once).
  struct Scratch {
    std::vector<Id> ids;
    std::vector<T> x;
  };
  T side_score(const FeatureBag<T>& side, Id row, Id shift, T* sums, Scratch& scratch) const;

  ModelConfig config_;
  Objective objective_;
  Rng rng_;
  FeatureBag<T> user_weights_, item_weights_;  // w_j, per side; their feature selection
  Id user_features_;                           // item feature j is factor row j + this
  Id item_ids_;                                // item features below this are item ids
  FmInteraction<T> factors_;                   // v_j, user features then item features
  std::vector<std::uint8_t> seen_;             // per factor row: read by a training batch
  double id_free_copies_;                      // the share of ratings also seen without the item's id
  BatchBags bags_, negative_bags_;             // the current batch's, reused
  std::vector<std::int64_t> copies_;
  std::vector<T> targets_;
  // The manual path's per-example values: the scores, s = sum_j x_j v_j (dim per example)
  // and the loss head's terms and slope dL/ds.
  std::vector<T> scores_, negative_scores_, sums_, negative_sums_, head_terms_, dloss_dscore_;
};

}  // namespace recgrad
