// An optimiser between two runs, as a model file keeps it: what resuming needs to take
// the steps an uninterrupted run would have taken.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "autodiff/tensor.hpp"
#include "optim/optimizer.hpp"

namespace recgrad {

struct NamedTensor {
  std::string name;
  Tensor<float> value;
};

// Its settings (lr is the rate the next step would use, after every decay so far), the
// steps it has taken and its state tensors, named as Optimizer::state() names them
// ("item_factors.sum_sq").
struct SavedOptimizer {
  OptimizerConfig config;
  std::int64_t steps = 0;
  std::vector<NamedTensor> state;
};

}  // namespace recgrad
