// Candidate samplers for sampled softmax: each draws with the probabilities it reports
// (a chi-square test at a fixed seed), the probabilities form a distribution, and the
// log-uniform sampler follows popularity rank as TensorFlow's does.
#include <doctest/doctest.h>

#include <cmath>
#include <stdexcept>
#include <vector>

#include "data/candidate_sampler.hpp"

using namespace recgrad;
using namespace recgrad::data;

namespace {

const std::vector<std::int64_t> kCounts = {5, 0, 40, 12, 40, 1, 7, 3, 0, 20};

// Pearson's chi-square of `draws` draws against the sampler's own probabilities,
// over the items it can draw.
double chi_square(const CandidateSampler& sampler, std::int64_t draws, std::uint64_t seed, int& cells) {
  std::vector<std::int64_t> seen(static_cast<std::size_t>(sampler.num_items()), 0);
  Rng rng(seed);
  for (std::int64_t d = 0; d < draws; ++d) ++seen[static_cast<std::size_t>(sampler.sample(rng))];
  double chi2 = 0;
  cells = 0;
  for (std::int32_t i = 0; i < sampler.num_items(); ++i) {
    const double expected = sampler.probability(i) * static_cast<double>(draws);
    if (expected == 0) {
      CHECK_MESSAGE(seen[static_cast<std::size_t>(i)] == 0, "item " << i << " has probability 0 but was drawn");
      continue;
    }
    const double diff = static_cast<double>(seen[static_cast<std::size_t>(i)]) - expected;
    chi2 += diff * diff / expected;
    ++cells;
  }
  return chi2;
}

}  // namespace

TEST_CASE("candidate samplers draw with the probabilities they report") {
  for (const char* name : {"uniform", "loguniform", "popularity"}) {
    CAPTURE(name);
    const CandidateSampler sampler(sampler_kind(name), kCounts, 0.75);
    double total = 0;
    for (std::int32_t i = 0; i < sampler.num_items(); ++i) {
      total += sampler.probability(i);
      if (sampler.probability(i) > 0) CHECK(sampler.log_q(i) == doctest::Approx(std::log(sampler.probability(i))));
    }
    CHECK(total == doctest::Approx(1.0).epsilon(1e-12));
    int cells = 0;
    const double chi2 = chi_square(sampler, 200000, 11, cells);
    // At most 9 degrees of freedom: P(chi2 > 27.9) = 0.001.
    CHECK_MESSAGE(chi2 < 27.9, name << ": chi-square " << chi2 << " over " << cells << " cells");
  }
}

TEST_CASE("uniform: every item 1/n") {
  const CandidateSampler sampler(SamplerKind::Uniform, kCounts);
  for (std::int32_t i = 0; i < 10; ++i) CHECK(sampler.probability(i) == doctest::Approx(0.1));
}

TEST_CASE("loguniform: Zipf over popularity rank, ties to the lower item id") {
  const CandidateSampler sampler(SamplerKind::LogUniform, kCounts);
  // Ranks by count, most popular first: 2 (40), 4 (40), 9, 3, 6, 0, 7, 5, 1 (0), 8 (0).
  const std::int32_t by_rank[] = {2, 4, 9, 3, 6, 0, 7, 5, 1, 8};
  for (int r = 0; r < 10; ++r)
    CHECK(sampler.probability(by_rank[r]) == doctest::Approx(std::log((r + 2.0) / (r + 1.0)) / std::log(11.0)));
  // Items without training interactions keep a (small) probability: every item can be a negative.
  CHECK(sampler.probability(8) > 0);
}

TEST_CASE("popularity: proportional to count^alpha, never an item without interactions") {
  const CandidateSampler sampler(SamplerKind::Popularity, kCounts, 0.5);
  double norm = 0;
  for (const std::int64_t c : kCounts) norm += std::sqrt(static_cast<double>(c));
  for (std::int32_t i = 0; i < 10; ++i)
    CHECK(sampler.probability(i) == doctest::Approx(std::sqrt(static_cast<double>(kCounts[i])) / norm));
  CHECK(std::isinf(sampler.log_q(1)));
  CHECK(sampler.log_q(1) < 0);
}

TEST_CASE("sampler names round-trip and unknown names are refused") {
  for (const auto kind : {SamplerKind::Uniform, SamplerKind::LogUniform, SamplerKind::Popularity})
    CHECK(sampler_kind(sampler_name(kind)) == kind);
  CHECK_THROWS_AS(sampler_kind("zipf"), std::invalid_argument);
}
