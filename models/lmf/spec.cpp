// lmf's registry entry: options, defaults and factory.
#include "models/common/standard_options.hpp"
#include "models/lmf/lmf.hpp"
#include "models/registry.hpp"

namespace recgrad {

ModelSpec lmf_spec() {
  return {.name = "lmf",
          .summary = "logistic MF (Johnson 2014), implicit, sampled negatives, AdaGrad",
          .feedback = Feedback::Pointwise,
          .options = option::join({option::dim(32), option::init_std(0.1), option::l2(0.01), option::implicit_positive_rating(),
                                   option::alpha(0.0, "A positive's weight is 1 + alpha * rating"),
                                   option::negatives(4)},
                                  option::minibatch_training({})),
          .manual_gradients = true,
          .is_default = true,
          .make = build_from_counts<LogisticMf, float>,
          .make_double = build_from_counts<LogisticMf, double>};
}

}  // namespace recgrad
