#include "optim/optimizer.hpp"

#include <algorithm>
#include <stdexcept>

#include "optim/adagrad.hpp"
#include "optim/adam.hpp"
#include "optim/sgd.hpp"

namespace recgrad {

template <class T>
Optimizer<T>::Optimizer(std::vector<Param<T>*> params, const OptimizerConfig& config)
    : config_(config), params_(std::move(params)) {
  if (!(config.lr > 0)) throw std::invalid_argument("optimizer: learning rate must be positive, got " + std::to_string(config.lr));
  if (config.l2 < 0) throw std::invalid_argument("optimizer: l2 must not be negative, got " + std::to_string(config.l2));
}

template <class T>
void Optimizer<T>::init_state() {
  const auto names = state_names();
  state_.resize(params_.size());
  for (std::size_t p = 0; p < params_.size(); ++p) {
    state_[p].clear();
    for (std::size_t s = 0; s < names.size(); ++s) state_[p].emplace_back(params_[p]->value.rows(), params_[p]->value.cols());
  }
}

template <class T>
std::vector<typename Optimizer<T>::NamedState> Optimizer<T>::state() {
  std::vector<NamedState> out;
  const auto names = state_names();
  for (std::size_t p = 0; p < params_.size(); ++p)
    for (std::size_t s = 0; s < names.size(); ++s) out.push_back({params_[p]->name() + "." + names[s], &state_[p][s]});
  return out;
}

template <class T>
void Optimizer<T>::step() {
  begin_step();
  const T l2 = static_cast<T>(config_.l2);
  // Runs the rule on one span, with weight decay folded into a copy of the gradient.
  auto apply = [&](std::size_t p, std::int64_t offset, T* w, const T* g, std::int64_t n) {
    if (l2 != T(0)) {
      scratch_.resize(static_cast<std::size_t>(n));
      for (std::int64_t i = 0; i < n; ++i) scratch_[i] = g[i] + l2 * w[i];
      g = scratch_.data();
    }
    update(p, offset, w, g, n);
  };
  for (std::size_t p = 0; p < params_.size(); ++p) {
    Param<T>& param = *params_[p];
    if (param.has_dense_grad()) apply(p, 0, param.value.data(), param.grad.data(), param.value.size());
    const auto rows = param.sparse_grad.rows();
    const auto grads = param.sparse_grad.values();
    const std::int64_t dim = param.value.cols();
    for (std::size_t s = 0; s < rows.size(); ++s)
      apply(p, rows[s] * dim, param.value.row(rows[s]), grads.row(static_cast<std::int64_t>(s)), dim);
    param.zero_grad();
  }
  ++steps_;
}

template <class T>
std::unique_ptr<Optimizer<T>> make_optimizer(std::vector<Param<T>*> params, const OptimizerConfig& config) {
  std::unique_ptr<Optimizer<T>> opt;
  if (config.kind == "sgd")
    opt = std::make_unique<Sgd<T>>(std::move(params), config);
  else if (config.kind == "adagrad")
    opt = std::make_unique<AdaGrad<T>>(std::move(params), config);
  else if (config.kind == "adam")
    opt = std::make_unique<Adam<T>>(std::move(params), config);
  else
    throw std::invalid_argument("unknown optimizer '" + config.kind + "' (expected sgd, adagrad or adam)");
  return opt;
}

template class Optimizer<float>;
template class Optimizer<double>;
template std::unique_ptr<Optimizer<float>> make_optimizer(std::vector<Param<float>*>, const OptimizerConfig&);
template std::unique_ptr<Optimizer<double>> make_optimizer(std::vector<Param<double>*>, const OptimizerConfig&);

}  // namespace recgrad
