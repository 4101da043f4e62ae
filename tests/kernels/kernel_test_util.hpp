// Shared by the kernel tests: buffers that start off the vector alignment, seeded random
// data, and a tolerance check that scales with the size of the terms being summed.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <limits>
#include <memory>
#include <random>
#include <sstream>
#include <string>
#include <type_traits>
#include <vector>

#include <omp.h>

#include "autodiff/kernels/kernels.hpp"

namespace recgrad::kernels::testing {

// Lengths around every vector width we build for (2, 4, 8, 16 lanes) plus a long one.
inline constexpr Index kSizes[] = {0, 1, 2, 3, 7, 8, 9, 15, 16, 17, 31, 33, 63, 64, 65, 127, 1023};

// Sums in a different order than the reference loops, so results agree to rounding only.
template <class T>
inline constexpr T kRelTol = std::is_same_v<T, float> ? T(1e-5) : T(1e-12);

// n elements that begin one element past a 64-byte boundary: no kernel may rely on
// aligned loads, because rows of a matrix with an odd width are not aligned either.
template <class T>
class Unaligned {
 public:
  explicit Unaligned(Index n, T fill = T(0))
      : storage_(static_cast<std::size_t>(n) + 1 + 64 / sizeof(T), fill), size_(n) {
    void* p = storage_.data();
    std::size_t space = storage_.size() * sizeof(T);
    offset_ = static_cast<T*>(std::align(64, sizeof(T), p, space)) - storage_.data() + 1;
  }
  // A copy gets its own storage, which may sit differently: recompute the offset.
  Unaligned(const Unaligned& other) : Unaligned(other.size_) { std::copy(other.begin(), other.end(), begin()); }
  Unaligned& operator=(const Unaligned& other) { return *this = Unaligned(other); }
  Unaligned(Unaligned&&) noexcept = default;  // a moved vector keeps its buffer
  Unaligned& operator=(Unaligned&&) noexcept = default;
  ~Unaligned() = default;

  T* data() { return storage_.data() + offset_; }
  const T* data() const { return storage_.data() + offset_; }
  Index size() const { return size_; }
  T& operator[](Index i) { return data()[i]; }
  const T& operator[](Index i) const { return data()[i]; }
  T* begin() { return data(); }
  T* end() { return data() + size_; }
  const T* begin() const { return data(); }
  const T* end() const { return data() + size_; }

 private:
  std::vector<T> storage_;
  Index size_ = 0;
  std::ptrdiff_t offset_ = 0;
};

template <class T>
Unaligned<T> random_buffer(Index n, std::mt19937& rng, T lo = T(-1), T hi = T(1)) {
  Unaligned<T> out(n);
  std::uniform_real_distribution<T> dist(lo, hi);
  for (T& v : out) v = dist(rng);
  return out;
}

template <class T>
Unaligned<T> abs_of(const Unaligned<T>& in) {
  Unaligned<T> out(in.size());
  for (Index i = 0; i < in.size(); ++i) out[i] = std::abs(in[i]);
  return out;
}

// Empty when |actual - expected| <= tol * scale everywhere, else a description of the first
// element that is not. `scale` is the sum of absolute terms behind each expected value (the
// reference kernel run on absolute values), so cancellation cannot make a correct result fail.
// Values below the smallest normal number count as zero: xsimd's exp flushes subnormals.
template <class T>
std::string mismatch(const T* actual, const std::type_identity_t<T>* expected,
                     const std::type_identity_t<T>* scale, Index n) {
  for (Index i = 0; i < n; ++i) {
    const T s = scale != nullptr ? scale[i] : std::abs(expected[i]);
    const T allowed = kRelTol<T> * s + std::numeric_limits<T>::min();
    if (!(std::abs(actual[i] - expected[i]) <= allowed)) {
      std::ostringstream out;
      out.precision(std::numeric_limits<T>::max_digits10);
      out << "element " << i << " of " << n << ": got " << actual[i] << ", expected " << expected[i]
          << " (allowed error " << allowed << ")";
      return out.str();
    }
  }
  return {};
}

// Bitwise equality, for results the kernels promise not to depend on thread count.
template <class T>
bool same_bits(const Unaligned<T>& a, const Unaligned<T>& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), sizeof(T) * static_cast<std::size_t>(a.size())) == 0;
}

// Sets the OpenMP thread count for one scope, so a test cannot leak it into the next.
class ThreadCount {
 public:
  explicit ThreadCount(int threads) : previous_(omp_get_max_threads()) { omp_set_num_threads(threads); }
  ~ThreadCount() { omp_set_num_threads(previous_); }
  ThreadCount(const ThreadCount&) = delete;
  ThreadCount& operator=(const ThreadCount&) = delete;

 private:
  int previous_;
};

}  // namespace recgrad::kernels::testing
