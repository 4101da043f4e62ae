// What this test executable has asked the global operator new for so far: how many
// times and how many bytes. alloc_count.cpp replaces the allocation functions to count;
// a program may replace them once, so that file is the only one that does.
#pragma once

#include <algorithm>

long allocation_count();
long allocated_bytes();

// Runs `step` twice so that its buffers reach their size, then `measured` times more, and
// returns the most heap allocations one of the measured runs made. `check` sees each
// measured run's result (outside the count: a failing doctest CHECK allocates).
template <class Step, class Check>
long steady_state_allocations(Step&& step, Check&& check, int measured = 3) {
  step();
  step();
  long worst = 0;
  for (int s = 0; s < measured; ++s) {
    const long before = allocation_count();
    const auto result = step();
    worst = std::max(worst, allocation_count() - before);
    check(result);
  }
  return worst;
}
