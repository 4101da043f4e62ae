// mf's registry entry: options, defaults and factory.
#include "models/common/standard_options.hpp"
#include "models/mf/mf.hpp"
#include "models/registry.hpp"

namespace recgrad {

ModelSpec mf_spec() {
  // Plain SGD on the batch-mean loss: lr 40 at batch 1024 is a step of about 0.04 per
  // rating, shrinking by 15% an epoch, as in classic per-rating SGD for MF. Once
  // validation has chosen the epoch count, the model is refitted on all of train.
  return {.name = "mf",
          .summary = "biased matrix factorisation, explicit ratings, MSE + L2",
          .feedback = Feedback::Explicit,
          .options = option::join({option::dim(64), option::init_std(0.1), option::l2(0.1)},
                                  option::minibatch_training(
                                      {.epochs = 60, .optim = "sgd", .lr = 40.0, .lr_decay = 0.85, .refit = true})),
          .manual_gradients = true,
          .make = build_from_counts<BiasedMf, float>,
          .make_double = build_from_counts<BiasedMf, double>};
}

}  // namespace recgrad
