// widedeep's registry entry: options, defaults and factory.
#include "models/common/standard_options.hpp"
#include "models/registry.hpp"
#include "training/setup.hpp"
#include "models/widedeep/widedeep.hpp"

namespace recgrad {

namespace {

// The default label "4 or more" is the top quarter of a 1..5 scale; on another scale the
// same quarter (0.5..5: 3.875, so 4, 4.5 and 5; 0/1 clicks: 1), where "4" would leave a
// 0/1 log without a single positive.
void follow_rating_scale(TrainingSetup& setup, const DataScale& data) {
  if (!setup.is_default("positive-rating") || data.rating_max <= data.rating_min) return;
  const double threshold = data.rating_min + 0.75 * (data.rating_max - data.rating_min);
  if (threshold == setup.model.positive_rating) return;
  setup.model.positive_rating = threshold;
  setup.from_data.push_back("positive-rating " + std::to_string(threshold) + ": the top quarter of the ratings' " +
                            std::to_string(data.rating_min) + ".." + std::to_string(data.rating_max) + " scale");
}

// A regulariser, so part of the model as l2 is: a resumed run keeps it.
OptionSpec dropout_option() {
  return {.name = "dropout", .kind = OptionKind::Real, .fallback = 0.0,
          .help = "Share of the deep tower's hidden activations dropped in training (none when scoring)", .min = 0,
          .max = 1, .below_max = true, .part_of_model = true, .model_own = true};
}

}  // namespace

ModelSpec widedeep_spec() {
  // The PyTorch reference's settings (wide_deep.py): one Adam for both parts, lr 1e-3
  // (1e-2 overfits within a few epochs), per-example L2 0.01 on the looked-up rows.
  // The reference trains on all of u1.base; the refit does too, once validation has
  // chosen the epoch count (docs/defaults.md: validation AUC 0.7817 with, 0.7806 without).
  return {.name = "widedeep",
          .summary = "wide & deep (Cheng 2016): a linear model over ids and crossed features plus field embeddings "
                     "-> MLP; target rating >= --positive-rating",
          .feedback = Feedback::Binary,
          .options = option::join({option::dim(32), option::init_std(0.1), option::l2(0.01),
                                   option::positive_rating(4.0),
                                   dropout_option()},
                                  option::minibatch_training({.optim = "adam", .lr = 0.001, .refit = true})),
          .manual_gradients = true,
          .reads_features = true,
          .make = build_from_data<WideDeep, float>,
          .make_double = build_from_data<WideDeep, double>,
          .follow_data = follow_rating_scale};
}

}  // namespace recgrad
