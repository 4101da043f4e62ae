// gemm_nn, gemm_nt and gemm_tn against the reference: odd shapes (tails in every dimension),
// unaligned operands, accumulate on and off, and independence from the thread count.
#include <doctest/doctest.h>

#include <limits>
#include <random>
#include <string>
#include <vector>

#include "autodiff/kernels/kernels.hpp"
#include "kernel_test_util.hpp"

namespace kn = recgrad::kernels;
using kn::Index;
using namespace kn::testing;

namespace {

struct GemmShape {
  Index m, n, k;
};

// 300 rows cross kParallelRows; 40 columns are two float vectors and a tail on AVX-512.
const GemmShape kShapes[] = {{1, 1, 1},   {7, 5, 3},    {17, 33, 9},  {300, 65, 31}, {9, 40, 5},
                             {64, 64, 64}, {33, 17, 65}, {8, 16, 300}, {0, 3, 4},     {3, 0, 4},
                             {4, 3, 0},   {2, 1023, 2}};

enum class Variant { NN, NT, TN };

const char* name(Variant v) { return v == Variant::NN ? "gemm_nn" : v == Variant::NT ? "gemm_nt" : "gemm_tn"; }

template <class T>
using GemmFn = void (*)(Index, Index, Index, const T*, const T*, T*, bool);

template <class T>
GemmFn<T> simd_fn(Variant v) {
  return v == Variant::NN ? kn::gemm_nn<T> : v == Variant::NT ? kn::gemm_nt<T> : kn::gemm_tn<T>;
}

template <class T>
GemmFn<T> reference_fn(Variant v) {
  return v == Variant::NN ? kn::reference::gemm_nn<T>
         : v == Variant::NT ? kn::reference::gemm_nt<T>
                            : kn::reference::gemm_tn<T>;
}

// Random operands; their storage shape differs per variant but the element count does not.
template <class T>
struct Problem {
  GemmShape s;
  Unaligned<T> A, B, C;
  Problem(GemmShape shape, std::mt19937& rng)
      : s(shape), A(random_buffer<T>(s.m * s.k, rng)), B(random_buffer<T>(s.k * s.n, rng)),
        C(random_buffer<T>(s.m * s.n, rng)) {}
};

template <class T>
Unaligned<T> run(GemmFn<T> fn, const Problem<T>& p, bool accumulate) {
  auto C = Unaligned<T>(p.C);
  fn(p.s.m, p.s.n, p.s.k, p.A.data(), p.B.data(), C.data(), accumulate);
  return C;
}

template <class T>
std::string compare_with_reference(Variant v, const Problem<T>& p, bool accumulate) {
  const auto got = run(simd_fn<T>(v), p, accumulate);
  const auto expected = run(reference_fn<T>(v), p, accumulate);
  // The same product on absolute values bounds the size of every sum's terms.
  auto scale = abs_of(p.C);
  reference_fn<T>(v)(p.s.m, p.s.n, p.s.k, abs_of(p.A).data(), abs_of(p.B).data(), scale.data(), accumulate);
  return mismatch(got.data(), expected.data(), scale.data(), p.s.m * p.s.n);
}

constexpr Variant kVariants[] = {Variant::NN, Variant::NT, Variant::TN};

}  // namespace

TEST_CASE_TEMPLATE("every GEMM variant matches the reference on odd shapes", T, float, double) {
  std::mt19937 rng(11);
  for (const GemmShape& s : kShapes) {
    const Problem<T> p(s, rng);
    for (Variant v : kVariants) {
      for (bool accumulate : {false, true}) {
        CAPTURE(s.m);
        CAPTURE(s.n);
        CAPTURE(s.k);
        CAPTURE(accumulate);
        const std::string bad = compare_with_reference(v, p, accumulate);
        CHECK_MESSAGE(bad == "", name(v), ": ", bad);
      }
    }
  }
}

TEST_CASE_TEMPLATE("GEMM without accumulate overwrites C, even NaN", T, float, double) {
  std::mt19937 rng(12);
  const Problem<T> p({13, 21, 7}, rng);
  for (Variant v : kVariants) {
    CAPTURE(name(v));
    Unaligned<T> C(p.s.m * p.s.n, std::numeric_limits<T>::quiet_NaN());
    simd_fn<T>(v)(p.s.m, p.s.n, p.s.k, p.A.data(), p.B.data(), C.data(), false);
    const auto expected = run(reference_fn<T>(v), p, false);
    const std::string bad = mismatch(C.data(), expected.data(), nullptr, p.s.m * p.s.n);
    CHECK_MESSAGE(bad == "", bad);
  }
}

TEST_CASE_TEMPLATE("GEMM results do not depend on the OpenMP thread count", T, float, double) {
  std::mt19937 rng(13);
  // nn and nt split the m rows; tn splits C's rows once A and B have many (k) rows.
  // Both shapes cross kParallelWork (m n k >= 2^20), so the threaded path runs.
  const Problem<T> tall({kn::kParallelRows + 77, 65, 51}, rng);
  const Problem<T> deep({65, 65, kn::kParallelRows + 77}, rng);
  for (Variant v : kVariants) {
    CAPTURE(name(v));
    const Problem<T>& p = v == Variant::TN ? deep : tall;
    Unaligned<T> serial(0), threaded(0);
    {
      ThreadCount one(1);
      serial = run(simd_fn<T>(v), p, true);
    }
    for (int threads : {2, 3}) {
      ThreadCount many(threads);
      threaded = run(simd_fn<T>(v), p, true);
      CHECK(same_bits(serial, threaded));
    }
  }
}

TEST_CASE_TEMPLATE("GEMM called from inside a parallel region stays correct", T, float, double) {
  std::mt19937 rng(14);
  // Every thread multiplies on its own, with its own scratch buffer (gemm_nt's transposed B).
  const Problem<T> p({kn::kParallelRows + 5, 24, 19}, rng);
  for (Variant v : kVariants) {
    CAPTURE(name(v));
    const auto expected = run(simd_fn<T>(v), p, false);
    std::vector<Unaligned<T>> per_thread(4, Unaligned<T>(0));
    ThreadCount threads(2);
#pragma omp parallel for num_threads(4)
    for (int t = 0; t < 4; ++t) per_thread[static_cast<std::size_t>(t)] = run(simd_fn<T>(v), p, false);
    for (const auto& got : per_thread) CHECK(same_bits(got, expected));
  }
}
