// lmf: logistic matrix factorisation for implicit feedback (formulas in lmf.cpp).
#pragma once

#include "models/common/factor_model.hpp"

namespace recgrad {

template <class T>
class LogisticMf final : public FactorModel<T> {
 public:
  LogisticMf(const ModelConfig& config, Id num_users, Id num_items, std::uint64_t seed);

  std::string name() const override { return "lmf"; }
  Feedback feedback() const override { return Feedback::Pointwise; }
  Var<T> loss(Tape<T>& tape, const Batch<T>& batch) override;
  T manual_gradients(const Batch<T>& batch) override;
};

}  // namespace recgrad
