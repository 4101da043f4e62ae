// lmf-full's registry entry: options, defaults and factory.
#include "models/common/standard_options.hpp"
#include "models/lmf_full/lmf_full.hpp"
#include "models/registry.hpp"

namespace recgrad {

ModelSpec lmf_full_spec() {
  // patience 15: its first sweeps sit on a plateau near popularity before the factors
  // separate, and patience 5 stopped there on some seeds (builtin, seed 0: ndcg@10 0.177
  // against pop's 0.181). Chosen on validation (docs/defaults.md): recgrad tune --model
  // lmf-full --search patience=5,15 --search init-std=0.01,0.1: ML-100K u1 ndcg@10 0.216 (5)
  // vs 0.286 (15); builtin 0.122 vs 0.258.
  return {.name = "lmf-full",
          .summary = "logistic MF in the paper's full-matrix form: all pairs, alternating user and item AdaGrad steps",
          .feedback = Feedback::Pointwise,
          .options = {option::dim(32), option::init_std(0.01), option::l2(1.0), option::implicit_positive_rating(),
                      option::alpha(1.0, "A positive's weight is 1 + alpha * r"), option::epochs(60),
                      option::lr(0.3), option::patience(15), option::metric()},
          .manual_gradients = true,
          .make = [](const ModelConfig& config, const ModelData& data, std::uint64_t seed) {
            return std::make_unique<LogisticMfFull<float>>(config, data.num_users, data.num_items, seed);
          },
          .make_double = {}};  // not trained by gradient steps
}

}  // namespace recgrad
