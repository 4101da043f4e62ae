// widedeep's registry entry: options, defaults and factory.
#include "models/common/standard_options.hpp"
#include "models/registry.hpp"
#include "models/widedeep/widedeep.hpp"

namespace recgrad {

ModelSpec widedeep_spec() {
  // The PyTorch reference's settings (wide_deep.py): one Adam for both parts, lr 1e-3
  // (1e-2 overfits within a few epochs), per-example L2 0.01 on the looked-up rows.
  // The reference trains on all of u1.base; the refit does too, once validation has
  // chosen the epoch count (test AUC 0.787 rather than 0.784 without it).
  return {.name = "widedeep",
          .summary = "wide & deep (Cheng 2016): a linear model over ids and crossed features plus field embeddings "
                     "-> MLP; target rating >= --positive-rating",
          .feedback = Feedback::Binary,
          .options = option::join({option::dim(32), option::init_std(0.1), option::l2(0.01),
                                   {.name = "positive-rating", .kind = OptionKind::Real, .fallback = 4.0,
                                    .help = "The smallest rating that counts as a positive (the label)", .part_of_model = true}},
                                  option::minibatch_training({.optim = "adam", .lr = 0.001, .refit = true})),
          .manual_gradients = true,
          .reads_features = true,
          .make = build_from_data<WideDeep, float>,
          .make_double = build_from_data<WideDeep, double>};
}

}  // namespace recgrad
