// bpr: the factor model trained with the pairwise BPR loss (formulas in bpr.cpp).
#pragma once

#include "models/common/factor_model.hpp"

namespace recgrad {

template <class T>
class Bpr final : public FactorModel<T> {
 public:
  Bpr(const ModelConfig& config, Id num_users, Id num_items, std::uint64_t seed);

  std::string name() const override { return "bpr"; }
  Feedback feedback() const override { return Feedback::Pairwise; }
  Var<T> loss(Tape<T>& tape, const Batch<T>& batch) override;
  T manual_gradients(const Batch<T>& batch) override;
};

}  // namespace recgrad
