// mf: biased matrix factorisation for explicit ratings (formulas in mf.cpp).
#pragma once

#include "models/common/factor_model.hpp"

namespace recgrad {

template <class T>
class BiasedMf final : public FactorModel<T> {
 public:
  BiasedMf(const ModelConfig& config, Id num_users, Id num_items, std::uint64_t seed);

  std::string name() const override { return "mf"; }
  Feedback feedback() const override { return Feedback::Explicit; }
  Var<T> loss(Tape<T>& tape, const Batch<T>& batch) override;
  T manual_gradients(const Batch<T>& batch) override;
  // The score, clipped to the rating range: a rating outside it is never right.
  void predict(std::span<const Id> users, std::span<const Id> items, std::span<T> out) const override;
};

}  // namespace recgrad
