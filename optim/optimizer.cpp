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
  for (std::size_t p = 0; p < params_.size(); ++p) {
    update_param(p);
    params_[p]->zero_grad();
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
