// AdaGrad (Duchi, Hazan, Singer 2011): G <- G + g^2, w <- w - lr g / (sqrt(G) + eps).
// Each coordinate's step shrinks with the squared gradients it has seen, which suits
// embeddings of rare items: they keep large steps. Johnson (2014) trains logistic MF with it.
#pragma once

#include <cmath>

#include "optim/optimizer.hpp"

namespace recgrad {

template <class T>
class AdaGrad final : public Optimizer<T> {
 public:
  AdaGrad(std::vector<Param<T>*> params, const OptimizerConfig& config) : Optimizer<T>(std::move(params), config) {
    this->init_state();
    for (auto& s : this->state()) std::fill(s.tensor->begin(), s.tensor->end(), static_cast<T>(config.initial_accumulator));
  }

 protected:
  std::vector<std::string> state_names() const override { return {"sum_sq"}; }
  void update_param(std::size_t param) override {
    const T lr = static_cast<T>(this->config_.lr), eps = static_cast<T>(this->config_.eps);
    T* const G0 = this->state_of(param, 0).data();
    this->for_each_span(param, [&](std::int64_t offset, T* w, const T* g, std::int64_t n) {
      T* G = G0 + offset;
      for (std::int64_t i = 0; i < n; ++i) {
        G[i] += g[i] * g[i];
        w[i] -= lr * g[i] / (std::sqrt(G[i]) + eps);
      }
    });
  }
};

}  // namespace recgrad
