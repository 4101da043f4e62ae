// The registry entries of the factorisation machine's two objectives, fm (ratings)
// and fm-bpr (ranking): options, defaults and factories.
#include "models/common/standard_options.hpp"
#include "models/fm/fm.hpp"
#include "models/registry.hpp"

namespace recgrad {

namespace {

template <class T, typename FactorisationMachine<T>::Objective objective>
std::unique_ptr<Model<T>> build(const ModelConfig& config, const ModelData& data, std::uint64_t seed) {
  return std::make_unique<FactorisationMachine<T>>(config, data, objective, seed);
}

std::vector<OptionSpec> fm_options(std::int64_t dim, double l2, double id_free_copies) {
  return {option::dim(dim), option::init_std(0.1), option::l2(l2),
          {.name = "fields", .kind = OptionKind::Text, .fallback = std::string("all"),
           .help = "Feature fields read: all, ids (user and item ids only), or the ids plus a comma list (genre,decade)",
           .part_of_model = true, .model_own = true},
          {.name = "id-free-copies", .kind = OptionKind::Real, .fallback = id_free_copies,
           .help = "Share of training ratings trained on once more without the item's id (cold start)", .min = 0,
           .max = 1, .part_of_model = true, .model_own = true}};
}

}  // namespace

ModelSpec fm_spec() {
  // Adam, not mf's plain SGD: a feature such as gender is in every batch many times
  // over, and SGD steps large enough for the ids diverge on it. The step decays by 15%
  // an epoch and the model is refitted on train + validation, as mf's. 60 % of the
  // ratings are also trained on without the item's id (fm.cpp), so that the metadata
  // learns to predict alone: chosen on validation (docs/defaults.md), ML-100K coldstart
  // rmse 1.0331 / 1.0022 / 0.9953 with 0 / 0.3 / 0.6 copies, u1 0.9083 / 0.9094 / 0.9076.
  using Fm = FactorisationMachine<float>;
  return {.name = "fm",
          .summary = "factorisation machine (Rendle 2010) over ids and metadata, explicit ratings; "
                     "scores unseen items from their metadata",
          .feedback = Feedback::Explicit,
          .options = option::join(fm_options(64, 0.1, 0.6),
                                  option::minibatch_training(
                                      {.epochs = 60, .optim = "adam", .lr = 0.01, .lr_decay = 0.85, .refit = true})),
          .manual_gradients = true,
          .scores_unseen_items = true,
          .reads_features = true,
          .make = build<float, Fm::Objective::Ratings>,
          .make_double = build<double, FactorisationMachine<double>::Objective::Ratings>};
}

ModelSpec fm_bpr_spec() {
  // bpr's settings (lr 0.1 and 0.2 tie on validation over three seeds: docs/defaults.md);
  // negatives ~ count^0.01 as for hybrid: never an item without training interactions,
  // whose id feature must stay untrained (fm.cpp).
  using Fm = FactorisationMachine<float>;
  return {.name = "fm-bpr",
          .summary = "the same factorisation machine ranking with the BPR loss",
          .feedback = Feedback::Pairwise,
          .options = option::join(option::join(fm_options(32, 0.01, 0.0), {option::implicit_positive_rating(), option::sampling_alpha(0.01)}),
                                  option::minibatch_training({.epochs = 50})),
          .manual_gradients = true,
          .scores_unseen_items = true,
          .reads_features = true,
          .make = build<float, Fm::Objective::Ranking>,
          .make_double = build<double, FactorisationMachine<double>::Objective::Ranking>};
}

}  // namespace recgrad
