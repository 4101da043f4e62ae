#include "data/alias_table.hpp"

#include <cmath>
#include <stdexcept>
#include <string>

namespace recgrad::data {

AliasTable::AliasTable(std::span<const double> weights) {
  const std::size_t n = weights.size();
  double total = 0;
  for (std::size_t i = 0; i < n; ++i) {
    if (!std::isfinite(weights[i]) || weights[i] < 0)
      throw std::invalid_argument("AliasTable: weight " + std::to_string(i) + " is " +
                                  std::to_string(weights[i]) + "; expected a finite value >= 0");
    total += weights[i];
  }
  if (!(total > 0)) throw std::invalid_argument("AliasTable: the weights sum to zero");

  accept_.resize(n);
  alias_.resize(n);
  probability_.resize(n);
  // Scale so the mean column is 1; columns below 1 borrow their remainder from one above.
  std::vector<double> scaled(n);
  std::vector<std::int32_t> small, large;
  for (std::size_t i = 0; i < n; ++i) {
    probability_[i] = weights[i] / total;
    scaled[i] = probability_[i] * static_cast<double>(n);
    (scaled[i] < 1.0 ? small : large).push_back(static_cast<std::int32_t>(i));
  }
  while (!small.empty() && !large.empty()) {
    const std::int32_t s = small.back();
    small.pop_back();
    const std::int32_t l = large.back();
    accept_[s] = scaled[s];
    alias_[s] = l;
    scaled[l] -= 1.0 - scaled[s];
    if (scaled[l] < 1.0) {
      large.pop_back();
      small.push_back(l);
    }
  }
  // What is left is 1 up to rounding.
  for (const std::int32_t i : large) accept_[i] = 1.0, alias_[i] = i;
  for (const std::int32_t i : small) accept_[i] = 1.0, alias_[i] = i;
}

}  // namespace recgrad::data
