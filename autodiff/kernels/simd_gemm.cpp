// Small dense GEMMs for the shapes a recommender layer produces: many rows (a batch, up to a
// few thousand) against narrow, short operands (n and k between 8 and 256).
//
// One register-tile micro-kernel serves all three variants. It keeps an MR x (NV lanes-wide)
// block of C in registers and walks the shared dimension p once, doing a rank-1 update per
// step: NV vector loads of a row of B, MR broadcasts of A(i, p), MR * NV FMAs.
//   gemm_nn reads A(i, p) from row i of A;
//   gemm_tn reads it from column i of the stored k x m A (consecutive rows i are adjacent);
//   gemm_nt transposes B (n x k) once per call into a thread-local buffer and runs gemm_nn
//   (or, for fewer rows than a tile, takes plain dot products).
// B is not packed: at these sizes a k x n panel stays in L1/L2. Columns past the last full
// vector are copied into a zero-padded k x lanes panel so they still run vectorised.
//
// Rows are split into fixed MR-row tiles before OpenMP distributes them, and every C element
// sums p = 0..k-1 in order, so the result does not depend on the number of threads.
#include <algorithm>
#include <cstddef>
#include <vector>

#include "autodiff/kernels/instantiate.hpp"
#include "autodiff/kernels/kernels.hpp"
#include "autodiff/kernels/simd_util.hpp"

namespace recgrad::kernels {

using simd::kLanes;
using simd::Vec;

namespace {

// With AVX-512's 32 vector registers an 8 x 2 tile holds 16 accumulators, 2 B vectors and
// a broadcast; the 16-register ISAs get 4 x 2. Per step that is 10 loads for 16 FMAs
// (8 x 2) or 6 for 8 (4 x 2): FMA-bound, not load-bound.
#if defined(__AVX512F__)
constexpr int kTileRows = 8;
#else
constexpr int kTileRows = 4;
#endif
constexpr int kTileVecs = 2;

// Where A(i, p) lives: row-major m x k for gemm_nn, row-major k x m (read transposed) for gemm_tn.
enum class ALayout { RowMajor, Transposed };

template <class T>
struct GemmArgs {
  Index m, n, k;
  const T* a;
  Index lda;  // row length of the stored A: k for RowMajor, m for Transposed
  bool accumulate;
};

template <ALayout L, class T>
inline const T* a_at(const GemmArgs<T>& g, Index i, Index p) {
  return L == ALayout::RowMajor ? g.a + i * g.lda + p : g.a + p * g.lda + i;
}

// C[i0 .. i0+MR) x [columns of b) (+)= A rows . b, where b is a k x (NV lanes) panel with row
// stride ldb and c points at C(i0, first column). Only `last_lanes` lanes of the last vector
// exist in C (the padded tail panel); the others are computed on zeros and dropped.
template <ALayout L, int MR, int NV, class T>
void tile(const GemmArgs<T>& g, Index i0, const T* b, Index ldb, T* c, Index ldc, Index last_lanes) {
  constexpr Index W = kLanes<T>;
  auto lanes_of = [&](int v) { return v == NV - 1 ? last_lanes : W; };
  Vec<T> acc[MR][NV];
  for (int r = 0; r < MR; ++r) {
    for (int v = 0; v < NV; ++v) {
      T* cp = c + r * ldc + v * W;
      acc[r][v] = !g.accumulate         ? Vec<T>(T(0))
                  : lanes_of(v) == W    ? Vec<T>::load_unaligned(cp)
                                        : simd::load_partial(cp, lanes_of(v));
    }
  }
  const T* a0 = a_at<L>(g, i0, 0);
  // Distance between A(i, p) and A(i + 1, p), and between A(i, p) and A(i, p + 1).
  const Index a_row = L == ALayout::RowMajor ? g.lda : 1;
  const Index a_step = L == ALayout::RowMajor ? 1 : g.lda;
  for (Index p = 0; p < g.k; ++p) {
    Vec<T> bv[NV];
    for (int v = 0; v < NV; ++v) bv[v] = Vec<T>::load_unaligned(b + p * ldb + v * W);
    const T* ap = a0 + p * a_step;
    for (int r = 0; r < MR; ++r) {
      const Vec<T> av(ap[r * a_row]);
      for (int v = 0; v < NV; ++v) acc[r][v] = xsimd::fma(av, bv[v], acc[r][v]);
    }
  }
  for (int r = 0; r < MR; ++r) {
    for (int v = 0; v < NV; ++v) {
      T* cp = c + r * ldc + v * W;
      if (lanes_of(v) == W) {
        acc[r][v].store_unaligned(cp);
      } else {
        simd::store_partial(cp, acc[r][v], lanes_of(v));
      }
    }
  }
}

// The last tile of a matrix may have fewer than kTileRows rows: pick the instantiation whose
// compile-time MR matches, so the accumulators still live in registers.
template <ALayout L, int MR, int NV, class T>
void tile_rows(Index rows, const GemmArgs<T>& g, Index i0, const T* b, Index ldb, T* c, Index ldc,
               Index last_lanes) {
  if constexpr (MR == 1) {
    tile<L, 1, NV>(g, i0, b, ldb, c, ldc, last_lanes);
  } else if (rows == MR) {
    tile<L, MR, NV>(g, i0, b, ldb, c, ldc, last_lanes);
  } else {
    tile_rows<L, MR - 1, NV>(rows, g, i0, b, ldb, c, ldc, last_lanes);
  }
}

// Grows per thread and is never freed: steady-state training calls allocate nothing.
template <class T>
T* scratch(int slot, Index count) {
  thread_local std::vector<T> buffers[2];
  auto& buffer = buffers[slot];
  if (buffer.size() < static_cast<std::size_t>(count)) buffer.resize(static_cast<std::size_t>(count));
  return buffer.data();
}

enum ScratchSlot { kTailPanel = 0, kTransposedB = 1 };

// C (+)= A . B with B a row-major k x n matrix; `threads` says whether row tiles may be
// spread over OpenMP threads.
template <ALayout L, class T>
void gemm(const GemmArgs<T>& g, const T* B, T* C, bool threads) {
  if (g.m <= 0 || g.n <= 0) return;
  constexpr Index W = kLanes<T>;
  const Index n_full = g.n / W * W;
  const Index tail = g.n - n_full;
  const T* panel = nullptr;
  if (tail > 0) {
    T* p = scratch<T>(kTailPanel, g.k * W);
    for (Index q = 0; q < g.k; ++q) {
      std::copy_n(B + q * g.n + n_full, tail, p + q * W);
      std::fill(p + q * W + tail, p + (q + 1) * W, T(0));
    }
    panel = p;
  }
  const Index tiles = (g.m + kTileRows - 1) / kTileRows;
  simd::for_each_index(tiles, threads, [=, &g](Index t) {
    const Index i0 = t * kTileRows;
    const Index rows = std::min<Index>(kTileRows, g.m - i0);
    T* c = C + i0 * g.n;
    Index j = 0;
    for (; j + kTileVecs * W <= n_full; j += kTileVecs * W) {
      tile_rows<L, kTileRows, kTileVecs>(rows, g, i0, B + j, g.n, c + j, g.n, W);
    }
    for (; j < n_full; j += W) tile_rows<L, kTileRows, 1>(rows, g, i0, B + j, g.n, c + j, g.n, W);
    if (tail > 0) tile_rows<L, kTileRows, 1>(rows, g, i0, panel, W, c + n_full, g.n, tail);
  });
}

}  // namespace

template <class T>
void gemm_nn(Index m, Index n, Index k, const T* A, const T* B, T* C, bool accumulate) {
  gemm<ALayout::RowMajor>(GemmArgs<T>{m, n, k, A, k, accumulate}, B, C, simd::use_threads(m, n * k));
}

template <class T>
void gemm_nt(Index m, Index n, Index k, const T* A, const T* B, T* C, bool accumulate) {
  if (m <= 0 || n <= 0) return;
  if (m < kTileRows) {
    // One user scored against every item: transposing B would cost as much as the product
    // itself, so take the m x n dot products directly.
    for (Index i = 0; i < m; ++i) {
      for (Index j = 0; j < n; ++j) {
        const T d = dot(A + i * k, B + j * k, k);
        C[i * n + j] = accumulate ? C[i * n + j] + d : d;
      }
    }
    return;
  }
  // O(n k) to transpose against O(m n k) to multiply: noise once m fills a register tile.
  T* bt = scratch<T>(kTransposedB, n * k);
  for (Index j = 0; j < n; ++j) {
    for (Index p = 0; p < k; ++p) bt[p * n + j] = B[j * k + p];
  }
  gemm<ALayout::RowMajor>(GemmArgs<T>{m, n, k, A, k, accumulate}, bt, C, simd::use_threads(m, n * k));
}

template <class T>
void gemm_tn(Index m, Index n, Index k, const T* A, const T* B, T* C, bool accumulate) {
  // Weight gradients (dW = X^T . dY) have few output rows but a batch-long k: the work
  // scales with the k rows of A and B, so those decide, as long as there are tiles to share.
  const bool threads = simd::use_threads(k, m * n) && m > kTileRows;
  gemm<ALayout::Transposed>(GemmArgs<T>{m, n, k, A, m, accumulate}, B, C, threads);
}

RECGRAD_INSTANTIATE_GEMM_KERNELS(float)
RECGRAD_INSTANTIATE_GEMM_KERNELS(double)

}  // namespace recgrad::kernels
