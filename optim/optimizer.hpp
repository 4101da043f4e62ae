// Optimisers: SGD (with optional momentum), AdaGrad and Adam, listed in order of
// increasing state. Each updates a fixed list of parameters from their gradients:
// the dense gradient over the whole parameter, and for embedding tables the sparse
// gradient, row by row ("lazy": a row's value and its optimiser state change only
// in steps whose batch touched that row).
//
// L2 regularisation is applied as weight decay folded into the gradient,
// g <- g + l2 * w, so for tables it too is lazy: a row decays when it is used,
// as in the classic per-rating SGD for matrix factorisation.
//
// Lazy Adam is not dense Adam: a row's moments skip the steps it was absent from,
// and the bias correction uses the global step count (as PyTorch's SparseAdam does).
// The two agree when every row is touched in every step (tested).
//
// step() consumes the gradients: it zeroes them afterwards, ready for the next batch.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "autodiff/param.hpp"

namespace recgrad {

struct OptimizerConfig {
  std::string kind = "adam";  // sgd | adagrad | adam
  double lr = 0.01;
  double l2 = 0.0;
  double momentum = 0.0;      // sgd only
  double beta1 = 0.9;         // adam
  double beta2 = 0.999;       // adam
  double eps = 1e-8;          // adam, adagrad
  double initial_accumulator = 0.0;  // adagrad
};

template <class T>
class Optimizer {
 public:
  Optimizer(std::vector<Param<T>*> params, const OptimizerConfig& config);
  virtual ~Optimizer() = default;

  // Applies the current gradients of every parameter, then zeroes them.
  void step();

  const OptimizerConfig& config() const { return config_; }
  // For learning-rate schedules: the rate used from the next step on.
  void set_learning_rate(double lr) { config_.lr = lr; }
  std::int64_t steps_taken() const { return steps_; }
  std::span<Param<T>* const> params() const { return params_; }

  // The per-parameter state tensors, named, e.g. for saving with the model
  // ("<param>.momentum", "<param>.sum_sq", "<param>.m", "<param>.v").
  struct NamedState {
    std::string name;
    Tensor<T>* tensor;
  };
  std::vector<NamedState> state();
  void set_steps_taken(std::int64_t steps) { steps_ = steps; }

 protected:
  // Applies the rule to parameter `param`: each subclass passes its rule to
  // for_each_span, where it is inlined into the loop over the rows, so a step makes one
  // virtual call per parameter rather than one per touched row (bias rows are 1 value).
  virtual void update_param(std::size_t param) = 0;
  // Calls rule(offset, w, g, n) for n consecutive values w (their state sits at the same
  // offset) and their gradient g with weight decay folded in: the dense gradient as one
  // span, then each sparse row.
  template <class Rule>
  void for_each_span(std::size_t param, Rule rule);
  // Called once at the start of every step, before any update_param(): per-step constants.
  virtual void begin_step() {}
  // The state slots each parameter carries, as (suffix) names; each has the value's shape.
  virtual std::vector<std::string> state_names() const = 0;
  void init_state();
  Tensor<T>& state_of(std::size_t param, std::size_t slot) { return state_[param][slot]; }

  OptimizerConfig config_;
  std::int64_t steps_ = 0;  // completed steps; during update_param(), the current step is steps_ + 1

 private:
  std::vector<Param<T>*> params_;
  std::vector<std::vector<Tensor<T>>> state_;
  std::vector<T> scratch_;  // gradient plus weight decay for one span
};

template <class T>
template <class Rule>
void Optimizer<T>::for_each_span(std::size_t p, Rule rule) {
  Param<T>& param = *params_[p];
  const T l2 = static_cast<T>(config_.l2);
  auto apply = [&](std::int64_t offset, T* w, const T* g, std::int64_t n) {
    if (l2 != T(0)) {
      scratch_.resize(static_cast<std::size_t>(n));
      for (std::int64_t i = 0; i < n; ++i) scratch_[i] = g[i] + l2 * w[i];
      g = scratch_.data();
    }
    rule(offset, w, g, n);
  };
  if (param.has_dense_grad()) apply(0, param.value.data(), param.grad.data(), param.value.size());
  const auto rows = param.sparse_grad.rows();
  const auto grads = param.sparse_grad.values();
  const std::int64_t dim = param.value.cols();
  for (std::size_t s = 0; s < rows.size(); ++s)
    apply(rows[s] * dim, param.value.row(rows[s]), grads.row(static_cast<std::int64_t>(s)), dim);
}

// Builds the optimiser named by config.kind; throws std::invalid_argument for an unknown name.
template <class T>
std::unique_ptr<Optimizer<T>> make_optimizer(std::vector<Param<T>*> params, const OptimizerConfig& config);

}  // namespace recgrad
