// dot, axpy, scale_add, sigmoid, softplus, softmax and rowwise_dot against the scalar reference.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <random>
#include <string>

#include "autodiff/kernels/kernels.hpp"
#include "autodiff/kernels/simd_info.hpp"
#include "kernel_test_util.hpp"

namespace kn = recgrad::kernels;
using kn::Index;
using namespace kn::testing;

TEST_CASE("the SIMD kernels are built with real vectors, not one-lane fallbacks") {
  CHECK(kn::simd_lanes<float>() >= 4);
  CHECK(kn::simd_lanes<double>() >= 2);
  CHECK(kn::simd_lanes<float>() == 2 * kn::simd_lanes<double>());
  const std::string arch = kn::simd_arch_name();
#if defined(__AVX512F__)
  // A native build on an AVX-512 host must use all of it.
  CHECK(kn::simd_lanes<float>() == 16);
  CHECK(arch.rfind("avx512", 0) == 0);
#else
  CHECK(arch != "scalar");
#endif
}

TEST_CASE_TEMPLATE("dot matches the reference at every tail length, unaligned", T, float, double) {
  std::mt19937 rng(1);
  for (Index n : kSizes) {
    CAPTURE(n);
    const auto a = random_buffer<T>(n, rng);
    const auto b = random_buffer<T>(n, rng);
    const T expected = kn::reference::dot(a.data(), b.data(), n);
    const T scale = kn::reference::dot(abs_of(a).data(), abs_of(b).data(), n);
    const T got = kn::dot(a.data(), b.data(), n);
    CHECK_MESSAGE(mismatch(&got, &expected, &scale, 1) == "", mismatch(&got, &expected, &scale, 1));
  }
}

TEST_CASE_TEMPLATE("axpy and scale_add match the reference", T, float, double) {
  std::mt19937 rng(2);
  const T alpha = T(0.75);
  const T beta = T(-1.25);
  for (Index n : kSizes) {
    CAPTURE(n);
    const auto x = random_buffer<T>(n, rng);
    const auto y0 = random_buffer<T>(n, rng);
    Unaligned<T> scale(n);

    auto got = Unaligned<T>(y0);
    auto expected = Unaligned<T>(y0);
    kn::axpy(alpha, x.data(), got.data(), n);
    kn::reference::axpy(alpha, x.data(), expected.data(), n);
    for (Index i = 0; i < n; ++i) scale[i] = std::abs(alpha * x[i]) + std::abs(y0[i]);
    std::string bad = mismatch(got.data(), expected.data(), scale.data(), n);
    CHECK_MESSAGE(bad == "", "axpy ", bad);

    got = Unaligned<T>(y0);
    expected = Unaligned<T>(y0);
    kn::scale_add(alpha, x.data(), beta, got.data(), n);
    kn::reference::scale_add(alpha, x.data(), beta, expected.data(), n);
    for (Index i = 0; i < n; ++i) scale[i] = std::abs(alpha * x[i]) + std::abs(beta * y0[i]);
    bad = mismatch(got.data(), expected.data(), scale.data(), n);
    CHECK_MESSAGE(bad == "", "scale_add ", bad);
  }
}

TEST_CASE_TEMPLATE("scale_add with beta = 0 overwrites y, NaN included", T, float, double) {
  const Index n = 37;
  std::mt19937 rng(3);
  const auto x = random_buffer<T>(n, rng);
  Unaligned<T> simd_y(n, std::numeric_limits<T>::quiet_NaN());
  Unaligned<T> ref_y(n, std::numeric_limits<T>::quiet_NaN());
  kn::scale_add(T(2), x.data(), T(0), simd_y.data(), n);
  kn::reference::scale_add(T(2), x.data(), T(0), ref_y.data(), n);
  for (Index i = 0; i < n; ++i) {
    CAPTURE(i);
    CHECK(simd_y[i] == T(2) * x[i]);
    CHECK(ref_y[i] == T(2) * x[i]);
  }
}

TEST_CASE_TEMPLATE("sigmoid and softplus match the reference over a wide range", T, float, double) {
  std::mt19937 rng(4);
  for (Index n : kSizes) {
    CAPTURE(n);
    const auto x = random_buffer<T>(n, rng, T(-30), T(30));
    Unaligned<T> got(n), expected(n);
    kn::sigmoid(x.data(), got.data(), n);
    kn::reference::sigmoid(x.data(), expected.data(), n);
    std::string bad = mismatch(got.data(), expected.data(), nullptr, n);
    CHECK_MESSAGE(bad == "", "sigmoid ", bad);
    kn::softplus(x.data(), got.data(), n);
    kn::reference::softplus(x.data(), expected.data(), n);
    bad = mismatch(got.data(), expected.data(), nullptr, n);
    CHECK_MESSAGE(bad == "", "softplus ", bad);
  }
}

TEST_CASE_TEMPLATE("softmax matches the reference, sums to 1 and returns the log-sum-exp", T, float, double) {
  std::mt19937 rng(5);
  for (Index n : kSizes) {
    if (n == 0) continue;  // a softmax needs at least one entry
    CAPTURE(n);
    auto x = random_buffer<T>(n, rng, T(-40), T(40));
    x[n / 2] = T(80);  // a large logit: exp would overflow float without the shift
    Unaligned<T> got(n), expected(n);
    std::copy(x.data(), x.data() + n, got.data());
    std::copy(x.data(), x.data() + n, expected.data());
    const T lse = kn::softmax(got.data(), n);
    const T lse_ref = kn::reference::softmax(expected.data(), n);
    CHECK(lse == doctest::Approx(lse_ref).epsilon(sizeof(T) == 4 ? 1e-6 : 1e-13));
    const std::string bad = mismatch(got.data(), expected.data(), nullptr, n);
    CHECK_MESSAGE(bad == "", "softmax ", bad);
    double total = 0, lse_direct = 0;
    for (Index i = 0; i < n; ++i) {
      total += static_cast<double>(got[i]);
      lse_direct += std::exp(static_cast<double>(x[i]) - 80.0);
    }
    CHECK(total == doctest::Approx(1.0).epsilon(sizeof(T) == 4 ? 1e-5 : 1e-12));
    CHECK(static_cast<double>(lse) == doctest::Approx(80.0 + std::log(lse_direct)).epsilon(1e-6));
  }
}

TEST_CASE_TEMPLATE("softmax gives entries of -inf probability 0, in the vector part and the tail", T, float, double) {
  const Index n = 19;  // a full vector or two and a tail for every lane count
  for (const bool simd : {true, false}) {
    CAPTURE(simd);
    Unaligned<T> x(n);
    for (Index i = 0; i < n; ++i) x[i] = i % 3 == 1 ? -std::numeric_limits<T>::infinity() : T(i % 5);
    const T lse = (simd ? kn::softmax<T> : kn::reference::softmax<T>)(x.data(), n);
    double expected_lse = 0;
    for (Index i = 0; i < n; ++i)
      if (i % 3 != 1) expected_lse += std::exp(static_cast<double>(i % 5));
    CHECK(static_cast<double>(lse) == doctest::Approx(std::log(expected_lse)).epsilon(1e-6));
    for (Index i = 0; i < n; ++i) {
      CAPTURE(i);
      if (i % 3 == 1) CHECK(x[i] == T(0));
      else CHECK(static_cast<double>(x[i]) == doctest::Approx(std::exp(i % 5) / expected_lse).epsilon(1e-6));
    }
  }
}

TEST_CASE_TEMPLATE("sigmoid and softplus stay finite and exact at extreme inputs", T, float, double) {
  const T big = std::numeric_limits<T>::max();
  const T inputs[] = {T(-1000), T(-100), T(-1), T(0), T(1), T(100), T(1000), -big, big};
  // 19 values: a full vector or two and a tail for every lane count, so both paths see extremes.
  const Index n = 19;
  Unaligned<T> x(n);
  for (Index i = 0; i < n; ++i) x[i] = inputs[i % std::size(inputs)];

  for (const bool simd : {true, false}) {
    CAPTURE(simd);
    Unaligned<T> sig(n), soft(n);
    (simd ? kn::sigmoid<T> : kn::reference::sigmoid<T>)(x.data(), sig.data(), n);
    (simd ? kn::softplus<T> : kn::reference::softplus<T>)(x.data(), soft.data(), n);
    for (Index i = 0; i < n; ++i) {
      CAPTURE(x[i]);
      REQUIRE(std::isfinite(sig[i]));
      REQUIRE(std::isfinite(soft[i]));
      CHECK(sig[i] >= T(0));
      CHECK(sig[i] <= T(1));
      CHECK(soft[i] >= T(0));
      if (x[i] >= T(100)) {
        CHECK(sig[i] == T(1));
        CHECK(soft[i] == x[i]);  // log1p(exp(-x)) vanishes next to x itself
      } else if (x[i] <= T(-100)) {
        CHECK(sig[i] < T(1e-40));
        CHECK(soft[i] < T(1e-40));
      } else if (x[i] == T(0)) {
        CHECK(sig[i] == T(0.5));
        CHECK(soft[i] == doctest::Approx(std::log(2.0)).epsilon(kRelTol<T>));
      } else {
        // sigmoid(1) and softplus(+-1), written out: 1 / (1 + e^-1) and log(1 + e^x).
        CHECK(sig[i] == doctest::Approx(1.0 / (1.0 + std::exp(-double(x[i])))).epsilon(kRelTol<T>));
        CHECK(soft[i] == doctest::Approx(std::log1p(std::exp(double(x[i])))).epsilon(kRelTol<T>));
      }
    }
  }
}

TEST_CASE_TEMPLATE("sigmoid is symmetric: sigmoid(x) + sigmoid(-x) = 1", T, float, double) {
  std::mt19937 rng(5);
  const Index n = 65;
  const auto x = random_buffer<T>(n, rng, T(-12), T(12));
  Unaligned<T> neg(n), pos_out(n), neg_out(n);
  for (Index i = 0; i < n; ++i) neg[i] = -x[i];
  kn::sigmoid(x.data(), pos_out.data(), n);
  kn::sigmoid(neg.data(), neg_out.data(), n);
  for (Index i = 0; i < n; ++i) CHECK(pos_out[i] + neg_out[i] == doctest::Approx(1.0).epsilon(kRelTol<T>));
}

TEST_CASE_TEMPLATE("rowwise_dot matches the reference, serial and threaded", T, float, double) {
  std::mt19937 rng(6);
  const Index row_counts[] = {0, 1, 7, kn::kParallelRows + 44, kn::kParallelWork / 1000};
  for (Index rows : row_counts) {
    for (Index cols : kSizes) {
      // Small shapes, plus one threaded case (1048 rows x 1023 columns crosses kParallelWork).
      if (rows * cols > 100000 && cols != 1023) continue;
      CAPTURE(rows);
      CAPTURE(cols);
      const auto A = random_buffer<T>(rows * cols, rng);
      const auto B = random_buffer<T>(rows * cols, rng);
      Unaligned<T> got(rows), expected(rows), scale(rows);
      kn::rowwise_dot(A.data(), B.data(), got.data(), rows, cols);
      kn::reference::rowwise_dot(A.data(), B.data(), expected.data(), rows, cols);
      kn::reference::rowwise_dot(abs_of(A).data(), abs_of(B).data(), scale.data(), rows, cols);
      const std::string bad = mismatch(got.data(), expected.data(), scale.data(), rows);
      CHECK_MESSAGE(bad == "", bad);
    }
  }
}
