// biases's registry entry: the baseline every rating model stands beside.
#include "models/biases/biases.hpp"
#include "models/common/standard_options.hpp"
#include "models/registry.hpp"

namespace recgrad {

ModelSpec biases_spec() {
  return {.name = "biases",
          .summary = "user + item biases around the training mean (Koren 2010's baseline predictor): the baseline "
                     "of the rating models",
          .feedback = Feedback::Explicit,
          // l2 3: chosen by tune on ML-100K u1 validation (docs/defaults.md).
          .options = {option::l2(3.0), option::epochs(10), option::patience(3), option::metric()},
          .is_baseline = true,
          .make = [](const ModelConfig& c, const ModelData& data, std::uint64_t) {
            return std::make_unique<Biases>(c, data.num_users, data.num_items);
          },
          .make_double = {}};  // not trained by gradient steps
}

}  // namespace recgrad
