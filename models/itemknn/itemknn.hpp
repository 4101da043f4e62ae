// itemknn: item-based top-N recommendation (Deshpande & Karypis 2004, "Item-based top-N
// recommendation algorithms", ACM TOIS 22(1); the item-item idea after Sarwar et al. 2001).
//
// Items are compared by the cosine of their columns of the binary user-item matrix of
// the training interactions:
//
//     sim(i, j) = |U(i) ∩ U(j)| / sqrt(|U(i)| |U(j)|)
//
// and each item j keeps only its k most similar other items N_k(j) (ties: lower index
// first). A user u with training items I(u) scores item i as in Deshpande & Karypis:
//
//     score(u, i) = Σ_{j ∈ I(u), i ∈ N_k(j)} sim(i, j)
//
// i.e. the similarities from the user's items to i, counted only where i is among that
// item's k neighbours (their "model" is exactly these k-sparse rows). Their optional
// per-row normalisation of similarities is not applied. Sarwar et al.'s rating-prediction
// variant instead sums over i's own neighbours; that is not what is implemented here.
//
// Fitting is one pass (sweep) over the co-occurrences, O(Σ_u |I(u)|^2). Scoring needs
// each user's training items, which the model keeps as its extra state (their shape
// depends on the data); the neighbour lists are its tensors, [items x k'] with
// k' = min(k, items - 1), padded with item -1 and similarity 0 where an item has fewer
// co-occurring items. Item indices are held in float tensors, exact below 2^24 items.
#pragma once

#include <vector>

#include "autodiff/tensor.hpp"
#include "data/user_items.hpp"
#include "models/model.hpp"

namespace recgrad {

class ItemKnn final : public SweepModel<float> {
 public:
  ItemKnn(std::int64_t neighbours, Id num_users, Id num_items);

  // Copies the users' training items (scoring needs them after the run) and keeps
  // `item_users` for the sweep.
  void begin_sweeps(const data::UserItems& user_items, const data::UserItems& item_users,
                    const SweepSettings& settings) override;
  // Computes every item's k nearest items; the same result however often it runs.
  void sweep() override;
  NamedTensors<float> tensors() override {
    return {{"neighbour_items", &neighbour_items_}, {"neighbour_sims", &neighbour_sims_}};
  }
  // "user_item_counts" [users x 1] and "user_items" [Σ counts x 1], each user's ascending.
  std::vector<StateTensor> extra_state() const override;
  // Checks the users' items and (read just before) the neighbour tensors: every index
  // in range, so scoring a corrupt file cannot read or write out of bounds.
  void restore_extra_state(const std::vector<StateTensor>& state) override;
  // Each item's binary column of the user-item matrix, [items x users]: their cosine is
  // exactly sim(i, j) above, for every pair and not only the k kept.
  Tensor<float> item_vectors() const override;

  std::string name() const override { return "itemknn"; }
  Feedback feedback() const override { return Feedback::Pointwise; }
  void predict(std::span<const Id> users, std::span<const Id> items, std::span<float> out) const override;
  void score_users(Id first, Id count, std::span<float> out) const override;
  Id num_users() const override { return num_users_; }
  Id num_items() const override { return static_cast<Id>(neighbour_items_.rows()); }

  std::int64_t neighbours_kept() const { return neighbour_items_.cols(); }
  // The k' neighbours of item j (index -1: none) and their similarities.
  const float* neighbour_row(Id j) const { return neighbour_items_.row(j); }
  const float* similarity_row(Id j) const { return neighbour_sims_.row(j); }

 private:
  std::span<const Id> items_of(Id user) const {
    return {user_items_.data() + offsets_[user], user_items_.data() + offsets_[user + 1]};
  }
  void check_neighbours() const;

  Id num_users_ = 0;
  Tensor<float> neighbour_items_, neighbour_sims_;
  std::vector<std::int64_t> offsets_;  // users + 1: each user's training items, compressed rows
  std::vector<Id> user_items_;
  const data::UserItems* item_users_ = nullptr;  // the caller's, alive for the sweeps only
};

}  // namespace recgrad
