// widedeep: wide & deep (Cheng et al. 2016) for "will this user rate this item >= 4?".
//
//     z(u, i) = b + wide(u, i) + deep(u, i),          p(like) = σ(z)
//
// wide: a linear model over sparse binary features (models/widedeep/wide_features.hpp): user id,
//       item id and each crossed user field x the item's genres; one weight per feature
//       (a table of width 1 summed over the pair's bag).
// deep: one embedding per field (user id, age, gender, occupation; item id, genres as a
//       weighted bag, weights 1/#genres), side by side -> MLP 6k -> 2k -> k -> 1 with
//       ReLU between (k = --dim; 32 gives the PyTorch reference's 192-64-32-1). With
//       --dropout p, training drops each hidden activation (after its ReLU) with
//       probability p and scales the rest by 1 / (1 - p) (layers/mlp.hpp); the masks come
//       from the batch's seed (Batch::seed), so both paths, and every forward pass of a
//       gradient check, drop the same units. Scoring never drops.
//
//     L = 1/B Σ_r [softplus(z_r) - y_r z_r]  +  λ/B Σ_r ( Σ_{wide j of r} w_j²
//                                                        + Σ_{fields f} Σ_{j in f(r)} x_j |e_j|² )
//
// the per-example L2 of the factor models over every looked-up row (x_j: the feature's
// weight in its bag); the MLP and b are not penalised, as in the reference (wide_deep.py).
// Both parts train jointly on one optimiser. The hand-derived gradient is in
// widedeep_manual.cpp.
#pragma once

#include <optional>
#include <vector>

#include "layers/embedding.hpp"
#include "layers/feature_bag.hpp"
#include "layers/mlp.hpp"
#include "models/model.hpp"
#include "models/widedeep/wide_features.hpp"

namespace recgrad {

template <class T>
class WideDeep final : public Model<T> {
 public:
  struct Parts {
    bool wide = true;
    bool deep = true;
  };
  // The data must have user and item feature rows (their id fields at least).
  WideDeep(const ModelConfig& config, const ModelData& data, std::uint64_t seed, Parts parts = {});

  std::string name() const override { return "widedeep"; }
  Feedback feedback() const override { return Feedback::Binary; }
  std::vector<Param<T>*> params() override;
  Var<T> loss(Tape<T>& tape, const Batch<T>& batch) override;
  T manual_gradients(const Batch<T>& batch) override;

  // The logit z(u, i) of each pair, from the parameter values without a tape. Scoring
  // keeps its scratch per call, so any number of threads may score at once.
  void predict(std::span<const Id> users, std::span<const Id> items, std::span<T> out) const override;
  void score_users(Id first, Id count, std::span<T> out) const override;
  Id num_users() const override { return num_users_; }
  Id num_items() const override { return num_items_; }

  const WideFeatures& wide_features() const { return wide_features_; }
  // The wide weights (one row per wide feature); empty without the wide part.
  const Embedding<T>* wide_weights() const { return wide_ ? &*wide_ : nullptr; }
  // The names of the deep part's fields, in the order they are concatenated.
  std::vector<std::string> deep_fields() const;

 private:
  struct Field {
    std::string name;
    bool of_user;  // rows are users (else items)
    FeatureBag<T> bag;
    bool one_hot = false;  // every row has at most one feature, of weight 1: its bag is that row
  };
  // The batch's training logits [B x 1], hidden units dropped with masks drawn from
  // `dropout_masks`, and the L2 sum over its rows [1 x 1] into `penalty`.
  Var<T> forward(Tape<T>& tape, std::span<const Id> users, std::span<const Id> items, Var<T>& penalty,
                 Rng& dropout_masks);

  // The tape-free forward pass's values for a set of pairs, for scoring: their wide bags,
  // X (the fields' bags side by side), the MLP's output and the logits z. Scoring makes
  // its own per call, so concurrent calls share nothing.
  struct ForwardValues {
    std::vector<Id> wide_ids;
    std::vector<std::int64_t> wide_offsets;
    std::vector<T> x, z, out;  // the deep part's input, the logits, the MLP's output
  };
  // For the pairs (users[r], items[r]): the offset and wide sums in f.z and the deep
  // part's input in f.x; returns the L2 penalty's sum over their rows, or 0 without
  // `with_penalty`. Reads the parameters only. Scoring and the manual path share it.
  T forward_inputs(std::span<const Id> users, std::span<const Id> items, ForwardValues& f, bool with_penalty) const;
  // forward_inputs, then the MLP: the logits in f.z.
  void forward_values(std::span<const Id> users, std::span<const Id> items, ForwardValues& f) const;
  // The logits of the pairs into `out`, a bounded chunk at a time, with `f` as scratch.
  void logits(std::span<const Id> users, std::span<const Id> items, ForwardValues& f, std::span<T> out) const;

  ModelConfig config_;
  Parts parts_;
  Id num_users_, num_items_;
  Rng rng_;
  WideFeatures wide_features_;
  std::optional<Embedding<T>> wide_;
  Param<T> bias_;
  std::vector<Field> fields_;
  std::optional<Mlp<T>> mlp_;
  // The tape path's wide bags, the L2 term's flattened rows, the fields' bags and the
  // penalty's terms, reused between training batches so that a step does not allocate
  // (scoring never touches them).
  std::vector<Id> wide_ids_, norm_ids_;
  std::vector<std::int64_t> wide_offsets_;
  std::vector<T> norm_weights_;
  std::vector<Var<T>> embedded_, l2_terms_;
  // The manual path's per-batch values: X, the logits, the loss head's terms and the
  // logits' gradients (the MLP keeps its own).
  struct ManualBuffers {
    ForwardValues forward;
    std::vector<T> terms, g;
  };
  ManualBuffers manual_;
};

}  // namespace recgrad
