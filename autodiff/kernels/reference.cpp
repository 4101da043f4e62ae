// The scalar truth the SIMD kernels are tested and benchmarked against: the obvious loops,
// built with -fno-tree-vectorize (see autodiff/CMakeLists.txt) so they stay scalar.
#include <algorithm>
#include <cmath>
#include <limits>

#include "autodiff/kernels/instantiate.hpp"
#include "autodiff/kernels/kernels.hpp"

namespace recgrad::kernels::reference {

template <class T>
T dot(const T* a, const T* b, Index n) {
  T sum = 0;
  for (Index i = 0; i < n; ++i) sum += a[i] * b[i];
  return sum;
}

template <class T>
void axpy(T alpha, const T* x, T* y, Index n) {
  for (Index i = 0; i < n; ++i) y[i] += alpha * x[i];
}

template <class T>
void scale_add(T alpha, const T* x, T beta, T* y, Index n) {
  // beta == 0 overwrites (BLAS convention), so NaN already in y does not survive as 0 * NaN.
  for (Index i = 0; i < n; ++i) y[i] = beta == T(0) ? alpha * x[i] : alpha * x[i] + beta * y[i];
}

template <class T>
void sigmoid(const T* x, T* y, Index n) {
  for (Index i = 0; i < n; ++i) {
    // Only ever exponentiate a non-positive number, so nothing overflows.
    if (x[i] >= T(0)) {
      y[i] = T(1) / (T(1) + std::exp(-x[i]));
    } else {
      const T e = std::exp(x[i]);
      y[i] = e / (T(1) + e);
    }
  }
}

template <class T>
void softplus(const T* x, T* y, Index n) {
  for (Index i = 0; i < n; ++i) y[i] = std::max(x[i], T(0)) + std::log1p(std::exp(-std::abs(x[i])));
}

template <class T>
T softmax(T* x, Index n) {
  T top = -std::numeric_limits<T>::infinity();
  for (Index i = 0; i < n; ++i) top = std::max(top, x[i]);
  T norm = 0;
  for (Index i = 0; i < n; ++i) norm += (x[i] = std::exp(x[i] - top));
  for (Index i = 0; i < n; ++i) x[i] /= norm;
  return top + std::log(norm);
}

template <class T>
void rowwise_dot(const T* A, const T* B, T* out, Index rows, Index cols) {
  for (Index r = 0; r < rows; ++r) out[r] = dot(A + r * cols, B + r * cols, cols);
}

namespace {

template <class T>
void clear_unless(bool accumulate, T* C, Index count) {
  if (!accumulate) std::fill(C, C + count, T(0));
}

}  // namespace

template <class T>
void gemm_nn(Index m, Index n, Index k, const T* A, const T* B, T* C, bool accumulate) {
  clear_unless(accumulate, C, m * n);
  for (Index i = 0; i < m; ++i) {
    for (Index p = 0; p < k; ++p) {
      for (Index j = 0; j < n; ++j) C[i * n + j] += A[i * k + p] * B[p * n + j];
    }
  }
}

template <class T>
void gemm_nt(Index m, Index n, Index k, const T* A, const T* B, T* C, bool accumulate) {
  clear_unless(accumulate, C, m * n);
  for (Index i = 0; i < m; ++i) {
    for (Index j = 0; j < n; ++j) C[i * n + j] += dot(A + i * k, B + j * k, k);
  }
}

template <class T>
void gemm_tn(Index m, Index n, Index k, const T* A, const T* B, T* C, bool accumulate) {
  clear_unless(accumulate, C, m * n);
  for (Index i = 0; i < m; ++i) {
    for (Index p = 0; p < k; ++p) {
      for (Index j = 0; j < n; ++j) C[i * n + j] += A[p * m + i] * B[p * n + j];
    }
  }
}

template <class T>
void gather_rows(const T* table, Index dim, const Id* ids, Index n, T* out) {
  for (Index i = 0; i < n; ++i) std::copy_n(table + static_cast<Index>(ids[i]) * dim, dim, out + i * dim);
}

template <class T>
void scatter_add_rows(const T* src, Index dim, const Id* slots, Index n, T* dst) {
  for (Index i = 0; i < n; ++i) {
    T* row = dst + static_cast<Index>(slots[i]) * dim;
    for (Index c = 0; c < dim; ++c) row[c] += src[i * dim + c];
  }
}

RECGRAD_INSTANTIATE_VECTOR_KERNELS(float)
RECGRAD_INSTANTIATE_VECTOR_KERNELS(double)
RECGRAD_INSTANTIATE_GEMM_KERNELS(float)
RECGRAD_INSTANTIATE_GEMM_KERNELS(double)

}  // namespace recgrad::kernels::reference
