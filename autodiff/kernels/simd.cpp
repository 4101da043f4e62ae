// Vector and row kernels on xsimd batches; the GEMMs live in simd_gemm.cpp.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>

#include "autodiff/kernels/instantiate.hpp"
#include "autodiff/kernels/kernels.hpp"
#include "autodiff/kernels/simd_info.hpp"
#include "autodiff/kernels/simd_util.hpp"

namespace recgrad::kernels {

using simd::kLanes;
using simd::Vec;

namespace {

// y[i] = f(x[i], y[i]) lane-wise. When `ReadsY` is false, y is output only and never
// read (it may be uninitialised arena memory). The tail goes through one zero-padded
// vector, so every element sees the same math wherever it sits in the array.
template <bool ReadsY, class T, class F>
void map_lanes(const T* x, T* y, Index n, F f) {
  constexpr Index W = kLanes<T>;
  Index i = 0;
  for (; i + W <= n; i += W) {
    const Vec<T> yv = ReadsY ? Vec<T>::load_unaligned(y + i) : Vec<T>(T(0));
    f(Vec<T>::load_unaligned(x + i), yv).store_unaligned(y + i);
  }
  if (i < n) {
    const Vec<T> yv = ReadsY ? simd::load_partial(y + i, n - i) : Vec<T>(T(0));
    simd::store_partial(y + i, f(simd::load_partial(x + i, n - i), yv), n - i);
  }
}

template <class T>
void copy_row(const T* src, T* dst, Index n) {
  map_lanes<false>(src, dst, n, [](Vec<T> x, Vec<T>) { return x; });
}

template <class T>
void add_row(const T* src, T* dst, Index n) {
  map_lanes<true>(src, dst, n, [](Vec<T> x, Vec<T> y) { return y + x; });
}

}  // namespace

template <class T>
T dot(const T* a, const T* b, Index n) {
  constexpr Index W = kLanes<T>;
  // Four independent accumulators hide the FMA latency (4 cycles, 2 per cycle issue).
  Vec<T> s0(T(0)), s1(T(0)), s2(T(0)), s3(T(0));
  Index i = 0;
  for (; i + 4 * W <= n; i += 4 * W) {
    s0 = xsimd::fma(Vec<T>::load_unaligned(a + i), Vec<T>::load_unaligned(b + i), s0);
    s1 = xsimd::fma(Vec<T>::load_unaligned(a + i + W), Vec<T>::load_unaligned(b + i + W), s1);
    s2 = xsimd::fma(Vec<T>::load_unaligned(a + i + 2 * W), Vec<T>::load_unaligned(b + i + 2 * W), s2);
    s3 = xsimd::fma(Vec<T>::load_unaligned(a + i + 3 * W), Vec<T>::load_unaligned(b + i + 3 * W), s3);
  }
  for (; i + W <= n; i += W) {
    s0 = xsimd::fma(Vec<T>::load_unaligned(a + i), Vec<T>::load_unaligned(b + i), s0);
  }
  if (i < n) {
    s1 = xsimd::fma(simd::load_partial(a + i, n - i), simd::load_partial(b + i, n - i), s1);
  }
  return xsimd::hadd((s0 + s1) + (s2 + s3));
}

template <class T>
void axpy(T alpha, const T* x, T* y, Index n) {
  const Vec<T> a(alpha);
  map_lanes<true>(x, y, n, [a](Vec<T> xv, Vec<T> yv) { return xsimd::fma(a, xv, yv); });
}

template <class T>
void scale_add(T alpha, const T* x, T beta, T* y, Index n) {
  const Vec<T> a(alpha);
  if (beta == T(0)) {
    // BLAS convention: beta == 0 overwrites, so NaN or garbage already in y cannot leak through 0 * y.
    map_lanes<false>(x, y, n, [a](Vec<T> xv, Vec<T>) { return a * xv; });
    return;
  }
  const Vec<T> b(beta);
  map_lanes<true>(x, y, n, [a, b](Vec<T> xv, Vec<T> yv) { return xsimd::fma(a, xv, b * yv); });
}

template <class T>
void sigmoid(const T* x, T* y, Index n) {
  map_lanes<false>(x, y, n, [](Vec<T> xv, Vec<T>) {
    // e = exp(-|x|) lies in (0, 1], so neither branch can overflow; the select picks
    // 1 / (1 + e) for x >= 0 and e / (1 + e) = 1 - that for x < 0, without cancellation.
    const Vec<T> one(T(1));
    const Vec<T> e = xsimd::exp(-xsimd::abs(xv));
    const Vec<T> r = one / (one + e);
    return xsimd::select(xv >= Vec<T>(T(0)), r, e * r);
  });
}

template <class T>
void softplus(const T* x, T* y, Index n) {
  map_lanes<false>(x, y, n, [](Vec<T> xv, Vec<T>) {
    return xsimd::max(xv, Vec<T>(T(0))) + xsimd::log1p(xsimd::exp(-xsimd::abs(xv)));
  });
}

template <class T>
T softmax(T* x, Index n) {
  constexpr Index W = kLanes<T>;
  // The maximum first, so that every exponent is <= 0 and nothing overflows. The tail is
  // read lane by lane: a zero-padded vector would put 0 into the maximum.
  Vec<T> top_v(-std::numeric_limits<T>::infinity());
  Index i = 0;
  for (; i + W <= n; i += W) top_v = xsimd::max(top_v, Vec<T>::load_unaligned(x + i));
  alignas(64) T lanes[W];
  top_v.store_aligned(lanes);
  T top = *std::max_element(lanes, lanes + W);  // xsimd 8 has no horizontal max
  for (; i < n; ++i) top = std::max(top, x[i]);
  const Vec<T> shift(top);
  map_lanes<false>(x, x, n, [shift](Vec<T> v, Vec<T>) { return xsimd::exp(v - shift); });
  // The padded tail lanes hold 0, so summing whole vectors is exact.
  Vec<T> sum_v(T(0));
  for (i = 0; i + W <= n; i += W) sum_v += Vec<T>::load_unaligned(x + i);
  if (i < n) sum_v += simd::load_partial(x + i, n - i);
  const T norm = xsimd::hadd(sum_v);
  const Vec<T> inv(T(1) / norm);
  map_lanes<false>(x, x, n, [inv](Vec<T> v, Vec<T>) { return v * inv; });
  return top + std::log(norm);
}

template <class T>
void rowwise_dot(const T* A, const T* B, T* out, Index rows, Index cols) {
  simd::for_each_index(rows, simd::use_threads(rows, cols),
                       [=](Index r) { out[r] = dot(A + r * cols, B + r * cols, cols); });
}

template <class T>
void gather_rows(const T* table, Index dim, const Id* ids, Index n, T* out) {
  if (dim == 1) {  // bias tables: a row is one value, and a padded vector per value would cost 10x
    for (Index i = 0; i < n; ++i) out[i] = table[ids[i]];
    return;
  }
  simd::for_each_index(n, simd::use_threads(n, dim), [=](Index i) {
    copy_row(table + static_cast<Index>(ids[i]) * dim, out + i * dim, dim);
  });
}

template <class T>
void scatter_add_rows(const T* src, Index dim, const Id* slots, Index n, T* dst) {
  if (dim == 1) {  // bias tables, as in gather_rows; same order of additions
    for (Index i = 0; i < n; ++i) dst[slots[i]] += src[i];
    return;
  }
  if (!simd::use_threads(n, dim)) {
    for (Index i = 0; i < n; ++i) add_row(src + i * dim, dst + static_cast<Index>(slots[i]) * dim, dim);
    return;
  }
  // Thread t owns the destination rows with slot % threads == t and walks i upwards, so
  // no two threads touch one row and each row sums in the serial order. Every thread
  // reads all n slots, which is cheap next to the row additions it skips.
#pragma omp parallel
  {
    const auto threads = static_cast<std::uint32_t>(omp_get_num_threads());
    const auto self = static_cast<std::uint32_t>(omp_get_thread_num());
    for (Index i = 0; i < n; ++i) {
      const auto slot = static_cast<std::uint32_t>(slots[i]);
      if (slot % threads == self) add_row(src + i * dim, dst + static_cast<Index>(slot) * dim, dim);
    }
  }
}

template <class T>
int simd_lanes() {
  return static_cast<int>(kLanes<T>);
}

const char* simd_arch_name() { return xsimd::default_arch::name(); }

template int simd_lanes<float>();
template int simd_lanes<double>();

RECGRAD_INSTANTIATE_VECTOR_KERNELS(float)
RECGRAD_INSTANTIATE_VECTOR_KERNELS(double)

}  // namespace recgrad::kernels
