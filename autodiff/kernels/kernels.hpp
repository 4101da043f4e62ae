// The math layer under the tape: hot loops over contiguous float or double buffers.
//
// Two implementations share every signature below:
//   recgrad::kernels            xsimd vectors (the host's widest ISA), OpenMP across rows
//                               above kParallelRows / kParallelWork, masked tails for odd lengths;
//   recgrad::kernels::reference plain scalar loops, compiled without auto-vectorisation,
//                               the truth the SIMD versions are tested against.
// The kernels know nothing about tapes, nodes or parameters: pointers and lengths only.
// Matrices are row-major and densely packed (leading dimension = number of columns).
// Elementwise kernels (axpy's y, sigmoid, softplus) allow the output to alias the input.
// Instantiated for T = float and T = double.
#pragma once

#include <cstddef>
#include <cstdint>

namespace recgrad::kernels {

using Index = std::int64_t;
using Id = std::int32_t;

// A kernel splits its rows over OpenMP threads from kParallelRows rows and
// kParallelWork element operations (rows x work per row) on.
inline constexpr Index kParallelRows = 256;
inline constexpr Index kParallelWork = Index{1} << 20;

#define RECGRAD_KERNEL_DECLARATIONS                                                              \
  /* sum_i a[i] * b[i] */                                                                      \
  template <class T> T dot(const T* a, const T* b, Index n);                                    \
  /* y += alpha * x */                                                                         \
  template <class T> void axpy(T alpha, const T* x, T* y, Index n);                             \
  /* y = alpha * x + beta * y */                                                               \
  template <class T> void scale_add(T alpha, const T* x, T beta, T* y, Index n);                \
  /* y = 1 / (1 + exp(-x)), stable for |x| up to the type's range */                           \
  template <class T> void sigmoid(const T* x, T* y, Index n);                                   \
  /* y = log(1 + exp(x)), computed as max(x, 0) + log1p(exp(-|x|)) */                          \
  template <class T> void softplus(const T* x, T* y, Index n);                                  \
  /* x <- softmax(x) in place; returns log(sum_i exp(x_i)) of the input. Entries of -inf      \
     (classes taken out) get probability 0; at least one entry must be finite. */              \
  template <class T> T softmax(T* x, Index n);                                                  \
  /* out[r] = dot(A row r, B row r) for A, B of rows x cols */                                  \
  template <class T> void rowwise_dot(const T* A, const T* B, T* out, Index rows, Index cols);  \
  /* C[m x n] (+)= A[m x k] . B[k x n]; overwrites C unless accumulate */                       \
  template <class T>                                                                           \
  void gemm_nn(Index m, Index n, Index k, const T* A, const T* B, T* C, bool accumulate);       \
  /* C[m x n] (+)= A[m x k] . B[n x k]^T */                                                     \
  template <class T>                                                                           \
  void gemm_nt(Index m, Index n, Index k, const T* A, const T* B, T* C, bool accumulate);       \
  /* C[m x n] (+)= A[k x m]^T . B[k x n] */                                                     \
  template <class T>                                                                           \
  void gemm_tn(Index m, Index n, Index k, const T* A, const T* B, T* C, bool accumulate);       \
  /* out row i = table row ids[i], rows of `dim` elements; ids are trusted (checked by callers) */ \
  template <class T>                                                                           \
  void gather_rows(const T* table, Index dim, const Id* ids, Index n, T* out);                  \
  /* dst row slots[i] += src row i, for i < n. Several i may share a slot: the parallel        \
     version partitions destination rows among threads, so it is race-free and its           \
     summation order (increasing i) does not depend on the thread count. */                    \
  template <class T>                                                                           \
  void scatter_add_rows(const T* src, Index dim, const Id* slots, Index n, T* dst);

RECGRAD_KERNEL_DECLARATIONS

namespace reference {
RECGRAD_KERNEL_DECLARATIONS
}  // namespace reference

#undef RECGRAD_KERNEL_DECLARATIONS

}  // namespace recgrad::kernels
