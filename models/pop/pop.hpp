// pop: the most-popular baseline. Every user gets the same ranking: items by how many
// training users they have. It learns nothing about the user, which is the point: a
// model that does not beat it on a ranking metric has learnt nothing either (the
// standard floor in top-N evaluation, e.g. Cremonesi, Koren & Turrin 2010).
//
// An item no training user has (a cold-start split's held-out items) would tie at 0 with
// every other such item; where the data describes items (genres, decade), it scores the
// mean count of the trained items sharing each of its features, weighted as the features
// are: the "popular genres" baseline a metadata model has to beat on items it never saw.
//
// One sweep fits it (counting is not iterative); more sweeps recount the same numbers.
#pragma once

#include "autodiff/tensor.hpp"
#include "data/features.hpp"
#include "data/user_items.hpp"
#include "models/model.hpp"

namespace recgrad {

class MostPopular final : public SweepModel<float> {
 public:
  // `item_features` (may be null: counts alone) must outlive the sweeps.
  MostPopular(Id num_users, Id num_items, const data::FeatureMatrix* item_features = nullptr);

  void begin_sweeps(const data::UserItems& user_items, const data::UserItems& item_users,
                    const SweepSettings& settings) override;
  // counts[i] = |training users of i|, from the per-item lists begin_sweeps was given;
  // an item without any, its features' popularity.
  void sweep() override;
  // [items x 1]: the whole model, so a model file holds nothing else.
  NamedTensors<float> tensors() override { return {{"item_counts", &counts_}}; }

  std::string name() const override { return "pop"; }
  Feedback feedback() const override { return Feedback::Pointwise; }
  void predict(std::span<const Id> users, std::span<const Id> items, std::span<float> out) const override;
  void score_users(Id first, Id count, std::span<float> out) const override;
  Id num_users() const override { return num_users_; }
  Id num_items() const override { return static_cast<Id>(counts_.rows()); }

 private:
  Id num_users_ = 0;
  Tensor<float> counts_;
  const data::UserItems* item_users_ = nullptr;  // the caller's, alive for the sweeps only
  const data::FeatureMatrix* item_features_ = nullptr;

  void score_unseen_by_features();
};

}  // namespace recgrad
