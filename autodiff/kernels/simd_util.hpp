// Internal to the SIMD translation units: the batch type and the helpers they share.
#pragma once

#include <algorithm>

#include <omp.h>

// GCC 12 reports the self-initialised placeholders inside its own AVX-512 intrinsic headers as
// uninitialised once xsimd inlines them (GCC bug 105593, fixed in 13); the warnings say nothing
// about our code and would bury real ones.
// Clang has no -Wmaybe-uninitialized (nor the bug).
#if defined(__clang__)
#include <xsimd/xsimd.hpp>
#else
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wuninitialized"
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#include <xsimd/xsimd.hpp>
#pragma GCC diagnostic pop
#endif

#include "autodiff/kernels/kernels.hpp"

namespace recgrad::kernels::simd {

// The compile-time best instruction set: AVX-512 with -march=native on our hosts,
// SSE2 in a portable build. One TU per ISA with run-time dispatch is not worth it yet.
template <class T>
using Vec = xsimd::batch<T>;

template <class T>
inline constexpr Index kLanes = static_cast<Index>(Vec<T>::size);

// Kernel-level threads only pay off on enough work: forking and joining costs a few
// microseconds on an idle machine and far more when another process holds a core, so
// a training batch (1024 rows of 32..64 values) stays on one thread and a scoring pass
// over the catalogue goes parallel. Inside an enclosing parallel region (e.g. a trainer
// running one tape per thread) we stay serial on purpose rather than relying on the
// runtime's nesting default, which OMP_MAX_ACTIVE_LEVELS can change.
inline bool use_threads(Index rows, Index work_per_row) {
  return rows >= kParallelRows && rows * work_per_row >= kParallelWork && omp_get_max_threads() > 1 &&
         !omp_in_parallel();
}

// body(i) for i in [0, n), spread over the OpenMP threads only when `threads` is set. The
// serial case is a plain loop on purpose: even `parallel if(false)` goes through libgomp and
// costs about 0.3 us per call, a tenth of a 1024-row gather. It also runs a private copy of
// body (pass lambdas capturing by value): the copy handed to OpenMP has its address taken,
// which would make the compiler reload every captured value on every iteration.
template <class F>
inline void for_each_index(Index n, bool threads, const F& body) {
  if (!threads) {
    const F serial = body;
    for (Index i = 0; i < n; ++i) serial(i);
    return;
  }
#pragma omp parallel for schedule(static)
  for (Index i = 0; i < n; ++i) body(i);
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
