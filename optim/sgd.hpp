// SGD: w <- w - lr g, or with momentum mu: v <- mu v + g, w <- w - lr v.
#pragma once

#include "optim/optimizer.hpp"

namespace recgrad {

template <class T>
class Sgd final : public Optimizer<T> {
 public:
  Sgd(std::vector<Param<T>*> params, const OptimizerConfig& config) : Optimizer<T>(std::move(params), config) {
    this->init_state();
  }

 protected:
  std::vector<std::string> state_names() const override {
    return this->config_.momentum != 0 ? std::vector<std::string>{"momentum"} : std::vector<std::string>{};
  }
  void update_param(std::size_t param) override {
    const T lr = static_cast<T>(this->config_.lr);
    if (this->config_.momentum == 0) {
      this->for_each_span(param, [&](std::int64_t, T* w, const T* g, std::int64_t n) {
        for (std::int64_t i = 0; i < n; ++i) w[i] -= lr * g[i];
      });
      return;
    }
    const T mu = static_cast<T>(this->config_.momentum);
    T* const v0 = this->state_of(param, 0).data();
    this->for_each_span(param, [&](std::int64_t offset, T* w, const T* g, std::int64_t n) {
      T* v = v0 + offset;
      for (std::int64_t i = 0; i < n; ++i) {
        v[i] = mu * v[i] + g[i];
        w[i] -= lr * v[i];
      }
    });
  }
};

}  // namespace recgrad
