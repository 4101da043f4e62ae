// Fisher-Yates shuffle driven by the project's Rng: std::shuffle's order differs
// between standard libraries, which would break "deterministic for a seed".
#pragma once

#include <cstddef>
#include <utility>

#include "autodiff/random.hpp"

namespace recgrad::data {

template <class T>
void shuffle(T* first, std::size_t n, Rng& rng) {
  for (std::size_t i = n; i > 1; --i) std::swap(first[i - 1], first[rng.below(i)]);
}

}  // namespace recgrad::data
