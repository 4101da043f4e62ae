// A small timing loop for the bench programs: each repetition runs the callable enough times
// to last about a millisecond (so the clock's resolution does not matter), and we report the
// median over repetitions, which shrugs off the odd interruption on a shared machine.
#pragma once

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <utility>
#include <vector>

namespace recgrad::bench {

struct Timing {
  double median_seconds = 0;  // per call
  double min_seconds = 0;     // per call
  std::int64_t calls_per_repetition = 0;
  int repetitions = 0;
};

// Calls per repetition so that one repetition takes at least `target` seconds. Doubles as warm-up.
template <class F>
std::int64_t calibrate(F& f, double target = 1e-3) {
  using Clock = std::chrono::steady_clock;
  for (std::int64_t calls = 1;; calls *= 2) {
    const auto start = Clock::now();
    for (std::int64_t c = 0; c < calls; ++c) f();
    const double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
    if (elapsed >= target || calls >= (std::int64_t{1} << 30)) return calls;
  }
}

template <class F>
double seconds_per_call(F& f, std::int64_t calls) {
  using Clock = std::chrono::steady_clock;
  const auto start = Clock::now();
  for (std::int64_t c = 0; c < calls; ++c) f();
  return std::chrono::duration<double>(Clock::now() - start).count() / static_cast<double>(calls);
}

inline Timing summarise(std::vector<double> samples, std::int64_t calls) {
  Timing t;
  t.repetitions = static_cast<int>(samples.size());
  t.calls_per_repetition = calls;
  std::sort(samples.begin(), samples.end());
  t.min_seconds = samples.front();
  t.median_seconds = samples[samples.size() / 2];
  return t;
}

template <class F>
Timing time_it(F f, int repetitions) {
  const std::int64_t calls = calibrate(f);
  std::vector<double> samples;
  for (int r = 0; r < repetitions; ++r) samples.push_back(seconds_per_call(f, calls));
  return summarise(std::move(samples), calls);
}

// Times two callables in alternating repetitions, so a slow spell on the machine hits both
// and their ratio stays meaningful.
template <class F, class G>
std::pair<Timing, Timing> time_pair(F f, G g, int repetitions) {
  const std::int64_t f_calls = calibrate(f);
  const std::int64_t g_calls = calibrate(g);
  std::vector<double> f_samples, g_samples;
  for (int r = 0; r < repetitions; ++r) {
    f_samples.push_back(seconds_per_call(f, f_calls));
    g_samples.push_back(seconds_per_call(g, g_calls));
  }
  return {summarise(std::move(f_samples), f_calls), summarise(std::move(g_samples), g_calls)};
}

}  // namespace recgrad::bench
