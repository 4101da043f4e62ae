// Internal to the SIMD translation units: the batch type and the helpers they share.
#pragma once

#include <algorithm>
#include <cstring>

#include <omp.h>

// GCC 12 reports the self-initialised placeholders inside its own AVX-512 intrinsic headers as
// uninitialised once xsimd inlines them (GCC bug 105593, fixed in 13); the warnings say nothing
// about our code and would bury real ones.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wuninitialized"
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#include <xsimd/xsimd.hpp>
#pragma GCC diagnostic pop

#include "autodiff/kernels/kernels.hpp"

namespace recgrad::kernels::simd {

// The compile-time best instruction set: AVX-512 with -march=native on our hosts,
// SSE2 in a portable build. One TU per ISA with run-time dispatch is not worth it yet.
template <class T>
using Vec = xsimd::batch<T>;

template <class T>
inline constexpr Index kLanes = static_cast<Index>(Vec<T>::size);

// Kernel-level threads only pay off on enough rows. Inside an enclosing parallel region
// (e.g. a trainer running one tape per thread) we stay serial on purpose rather than
// relying on the runtime's nesting default, which OMP_MAX_ACTIVE_LEVELS can change.
inline bool use_threads(Index rows) {
  return rows >= kParallelRows && omp_get_max_threads() > 1 && !omp_in_parallel();
}

// Loads the first `lanes` elements of p into a vector whose other lanes are zero, so
// tails run through the same vector math as full blocks instead of a scalar copy of it.
template <class T>
inline Vec<T> load_partial(const T* p, Index lanes) {
  alignas(64) T buffer[kLanes<T>] = {};
  std::copy_n(p, lanes, buffer);
  return Vec<T>::load_aligned(buffer);
}

template <class T>
inline void store_partial(T* p, const Vec<T>& v, Index lanes) {
  alignas(64) T buffer[kLanes<T>];
  v.store_aligned(buffer);
  std::copy_n(buffer, lanes, p);
}

}  // namespace recgrad::kernels::simd
