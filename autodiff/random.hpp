// The project's one random number generator: small, fast, and the same stream on
// every platform and standard library (std::uniform_*_distribution is not), so that
// "deterministic for a seed" holds across machines.
#pragma once

#include <cmath>
#include <cstdint>
#include <numbers>

namespace recgrad {

// SplitMix64 (Steele, Lea, Flood 2014): one 64-bit state, passes BigCrush, and any
// seed, including 0, gives a good stream. Streams for threads or epochs come from
// Rng(seed).fork(k), which hashes k into a fresh state.
class Rng {
 public:
  explicit Rng(std::uint64_t seed = 0) : state_(seed) {}

  std::uint64_t next_u64() {
    std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }

  // An independent stream for sub-task k (a thread, an epoch, a parameter).
  Rng fork(std::uint64_t k) const {
    Rng r(state_ ^ (0xD1B54A32D192ED03ull * (k + 1)));
    r.next_u64();
    return r;
  }

  // Uniform in [0, 1) with 53 random bits.
  double uniform() { return static_cast<double>(next_u64() >> 11) * 0x1.0p-53; }
  double uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }

  // Uniform integer in [0, n), n > 0, without modulo bias (Lemire's multiply-shift).
  std::uint64_t below(std::uint64_t n) {
    __extension__ using u128 = unsigned __int128;
    std::uint64_t x = next_u64();
    u128 m = static_cast<u128>(x) * n;
    auto low = static_cast<std::uint64_t>(m);
    if (low < n) {
      const std::uint64_t threshold = (0 - n) % n;
      while (low < threshold) {
        x = next_u64();
        m = static_cast<u128>(x) * n;
        low = static_cast<std::uint64_t>(m);
      }
    }
    return static_cast<std::uint64_t>(m >> 64);
  }

  // Standard normal by Box-Muller (one value per call; simplicity over speed).
  double normal() {
    const double u1 = 1.0 - uniform();  // in (0, 1], so log is finite
    const double u2 = uniform();
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2);
  }
  double normal(double mean, double stddev) { return mean + stddev * normal(); }

 private:
  std::uint64_t state_;
};

}  // namespace recgrad
