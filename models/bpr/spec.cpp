// bpr's registry entry: options, defaults and factory.
#include "models/bpr/bpr.hpp"
#include "models/common/standard_options.hpp"
#include "models/registry.hpp"

namespace recgrad {

ModelSpec bpr_spec() {
  return {.name = "bpr",
          .summary = "the factor model of lmf with the pairwise BPR loss (Rendle 2009)",
          .feedback = Feedback::Pairwise,
          .options = option::join({option::dim(32), option::init_std(0.1), option::l2(0.01), option::implicit_positive_rating()},
                                  option::minibatch_training({.epochs = 50})),
          .manual_gradients = true,
          .make = build_from_counts<Bpr, float>,
          .make_double = build_from_counts<Bpr, double>};
}

}  // namespace recgrad
