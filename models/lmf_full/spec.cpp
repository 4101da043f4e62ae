// lmf-full's registry entry: options, defaults and factory.
#include "models/common/standard_options.hpp"
#include "models/lmf_full/lmf_full.hpp"
#include "models/registry.hpp"

namespace recgrad {

ModelSpec lmf_full_spec() {
  return {.name = "lmf-full",
          .summary = "logistic MF in the paper's full-matrix form: all pairs, alternating user and item AdaGrad steps",
          .feedback = Feedback::Pointwise,
          .options = {option::dim(32), option::init_std(0.01), option::l2(1.0),
                      option::alpha(1.0, "A positive's weight is 1 + alpha * r"), option::epochs(60),
                      option::lr(0.3), option::patience(5), option::metric()},
          .manual_gradients = true,
          .make = [](const ModelConfig& config, const ModelData& data, std::uint64_t seed) {
            return std::make_unique<LogisticMfFull<float>>(config, data.num_users, data.num_items, seed);
          },
          .make_double = {}};  // not trained by gradient steps
}

}  // namespace recgrad
