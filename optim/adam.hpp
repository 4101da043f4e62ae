// Adam (Kingma & Ba 2015), with bias correction at the global step t:
//   m <- b1 m + (1 - b1) g,  v <- b2 v + (1 - b2) g^2,
//   w <- w - lr (m / (1 - b1^t)) / (sqrt(v / (1 - b2^t)) + eps)
#pragma once

#include <cmath>

#include "optim/optimizer.hpp"

namespace recgrad {

template <class T>
class Adam final : public Optimizer<T> {
 public:
  Adam(std::vector<Param<T>*> params, const OptimizerConfig& config) : Optimizer<T>(std::move(params), config) {
    this->init_state();
  }

 protected:
  std::vector<std::string> state_names() const override { return {"m", "v"}; }
  // Both bias corrections folded into the step size and epsilon, so the update loop is
  // one pass: lr m̂ / (sqrt(v̂) + eps) = step m / (sqrt(v) + eps sqrt(1 - b2^t)).
  void begin_step() override {
    const OptimizerConfig& c = this->config_;
    const double t = static_cast<double>(this->steps_ + 1);
    step_ = static_cast<T>(c.lr * std::sqrt(1 - std::pow(c.beta2, t)) / (1 - std::pow(c.beta1, t)));
    eps_hat_ = static_cast<T>(c.eps * std::sqrt(1 - std::pow(c.beta2, t)));
  }
  void update_param(std::size_t param) override {
    const OptimizerConfig& c = this->config_;
    const T b1 = static_cast<T>(c.beta1), b2 = static_cast<T>(c.beta2), step = step_, eps_hat = eps_hat_;
    T* const m0 = this->state_of(param, 0).data();
    T* const v0 = this->state_of(param, 1).data();
    this->for_each_span(param, [&](std::int64_t offset, T* w, const T* g, std::int64_t n) {
      T* m = m0 + offset;
      T* v = v0 + offset;
      for (std::int64_t i = 0; i < n; ++i) {
        m[i] = b1 * m[i] + (1 - b1) * g[i];
        v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i];
        w[i] -= step * m[i] / (std::sqrt(v[i]) + eps_hat);
      }
    });
  }

 private:
  T step_ = 0, eps_hat_ = 0;
};

}  // namespace recgrad
