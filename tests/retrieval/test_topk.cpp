#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>
#include <utility>
#include <vector>

#include "autodiff/random.hpp"
#include "retrieval/topk.hpp"

using recgrad::top_k;
using recgrad::top_k_into;
using Ids = std::vector<std::int32_t>;

// item:    0    1    2    3    4    5
// score: 0.5  0.9  0.5  0.1  0.9  0.3
// Descending, ties by lower id: 1 (0.9), 4 (0.9), 0 (0.5), 2 (0.5), 5 (0.3), 3 (0.1).
static const std::vector<float> kScores{0.5f, 0.9f, 0.5f, 0.1f, 0.9f, 0.3f};

TEST_CASE("top_k orders by score descending and breaks ties by the lower item id") {
  const auto top = top_k(kScores, 4);
  CHECK(top.items == Ids{1, 4, 0, 2});
  CHECK(top.scores == std::vector<float>{0.9f, 0.9f, 0.5f, 0.5f});
}

TEST_CASE("top_k leaves out excluded items") {
  // Without 1 and 3: 4 (0.9), 0 (0.5), 2 (0.5), 5 (0.3).
  CHECK(top_k(kScores, 4, Ids{1, 3}).items == Ids{4, 0, 2, 5});
  // Repeated exclusions are harmless; excluding the first and last id works.
  CHECK(top_k(kScores, 2, Ids{0, 1, 1, 5}).items == Ids{4, 2});
}

TEST_CASE("top_k with k larger than the candidates returns every candidate, in order") {
  // Candidates 3, 4, 5 (0.1, 0.9, 0.3) -> 4, 5, 3.
  const auto top = top_k(kScores, 10, Ids{0, 1, 2});
  CHECK(top.items == Ids{4, 5, 3});
  CHECK(top.scores == std::vector<float>{0.9f, 0.3f, 0.1f});
  CHECK(top_k(kScores, 3, Ids{0, 1, 2, 3, 4, 5}).items.empty());
  CHECK(top_k(std::vector<float>{}, 3).items.empty());
}

TEST_CASE("top_k with k = 0 is empty, infinities are ordinary scores") {
  CHECK(top_k(kScores, 0).items.empty());
  const float inf = std::numeric_limits<float>::infinity();
  // -inf ties among themselves and keep id order; +inf is first.
  CHECK(top_k(std::vector<float>{-inf, inf, -inf, 0.0f}, 4).items == Ids{1, 3, 0, 2});
}

TEST_CASE("top_k rejects bad input") {
  CHECK_THROWS_AS(top_k(kScores, -1), std::invalid_argument);
  CHECK_THROWS_AS(top_k(kScores, 2, Ids{3, 1}), std::invalid_argument);  // unsorted
  CHECK_THROWS_AS(top_k(kScores, 2, Ids{6}), std::invalid_argument);     // past the end
  CHECK_THROWS_AS(top_k(kScores, 2, Ids{-1}), std::invalid_argument);
  std::vector<float> with_nan = kScores;
  with_nan[3] = std::nanf("");
  CHECK_THROWS_AS(top_k(with_nan, 2), std::domain_error);      // NaN past the first k
  with_nan = kScores;
  with_nan[0] = std::nanf("");
  CHECK_THROWS_AS(top_k(with_nan, 2), std::domain_error);      // NaN while filling
  CHECK(top_k(with_nan, 2, Ids{0}).items == Ids{1, 4});        // an excluded NaN is never read
}

TEST_CASE("top_k_into writes into the caller's buffer and says how many") {
  Ids out(8, -7);
  CHECK(top_k_into(kScores, Ids{4}, std::span(out).first(3)) == 3);
  CHECK(Ids(out.begin(), out.begin() + 4) == Ids{1, 0, 2, -7});
  CHECK(top_k_into(kScores, Ids{}, out) == 6);
  CHECK(Ids(out.begin(), out.begin() + 6) == Ids{1, 4, 0, 2, 5, 3});
}

TEST_CASE("for_each_candidate_run yields the gaps between excluded ids") {
  std::vector<std::pair<std::int32_t, std::int32_t>> runs;
  auto collect = [&](std::int32_t lo, std::int32_t hi) { runs.emplace_back(lo, hi); };
  recgrad::for_each_candidate_run(7, Ids{0, 2, 3, 5}, collect);
  CHECK(runs == std::vector<std::pair<std::int32_t, std::int32_t>>{{1, 2}, {4, 5}, {6, 7}});
  runs.clear();  // a prefix of the ids: exclusions past the end are ignored
  recgrad::for_each_candidate_run(4, Ids{0, 2, 3, 5}, collect);
  CHECK(runs == std::vector<std::pair<std::int32_t, std::int32_t>>{{1, 2}});
  runs.clear();
  recgrad::for_each_candidate_run(3, Ids{}, collect);
  CHECK(runs == std::vector<std::pair<std::int32_t, std::int32_t>>{{0, 3}});
}

TEST_CASE("top_k matches a stable full sort on random rows with many ties") {
  recgrad::Rng rng(11);
  for (int trial = 0; trial < 200; ++trial) {
    const auto n = static_cast<std::int32_t>(rng.below(60));
    std::vector<float> scores(static_cast<std::size_t>(n));
    for (float& s : scores) s = static_cast<float>(rng.below(8)) / 4.0f;  // few distinct values
    Ids exclude;
    for (std::int32_t i = 0; i < n; ++i)
      if (rng.below(4) == 0) exclude.push_back(i);
    const auto k = static_cast<std::int32_t>(rng.below(15));

    // Straightforward reference: every candidate, stable-sorted by score descending.
    Ids expected;
    for (std::int32_t i = 0; i < n; ++i)
      if (!std::binary_search(exclude.begin(), exclude.end(), i)) expected.push_back(i);
    std::stable_sort(expected.begin(), expected.end(),
                     [&](std::int32_t a, std::int32_t b) { return scores[a] > scores[b]; });
    expected.resize(std::min<std::size_t>(expected.size(), static_cast<std::size_t>(k)));

    CHECK(top_k(scores, k, exclude).items == expected);
  }
}
