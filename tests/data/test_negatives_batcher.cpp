// Negative sampling (alias table, popularity^alpha, exclusion of positives) and batching.
#include <stdexcept>
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <set>

#include "data/alias_table.hpp"
#include "data/batcher.hpp"
#include "data/negatives.hpp"

using namespace recgrad::data;
using recgrad::Rng;

TEST_CASE("AliasTable draws each index in proportion to its weight") {
  const std::vector<double> weights = {1, 0, 3, 6};
  const AliasTable table(weights);
  CHECK(table.probability(3) == doctest::Approx(0.6));
  Rng rng(5);
  std::vector<int> counts(4, 0);
  const int draws = 200000;
  for (int k = 0; k < draws; ++k) ++counts[table.sample(rng)];
  CHECK(counts[1] == 0);
  // Chi-square with 2 degrees of freedom (the zero-weight cell is excluded): the 99.9%
  // point is 13.8; a fixed seed makes this exact and repeatable.
  double chi2 = 0;
  for (int i : {0, 2, 3}) {
    const double expected = draws * weights[i] / 10.0;
    chi2 += (counts[i] - expected) * (counts[i] - expected) / expected;
  }
  CHECK(chi2 < 13.8);
  CHECK_THROWS_AS(AliasTable(std::vector<double>{0, 0}), std::invalid_argument);
  CHECK_THROWS_AS(AliasTable(std::vector<double>{1, -1}), std::invalid_argument);
}

TEST_CASE("Negatives never hit the user's training positives, uniform or by popularity") {
  // 3 users x 50 items; user 0 has 45 positives, so rejection is busy for it.
  std::vector<std::int32_t> users, items;
  for (std::int32_t i = 0; i < 45; ++i) users.push_back(0), items.push_back(i * 49 % 50);
  for (std::int32_t i : {1, 2, 3}) users.push_back(1), items.push_back(i);
  const UserItems positives = UserItems::from_pairs(3, 50, users, items);
  std::vector<std::int64_t> counts(50, 0);
  for (const auto i : items) ++counts[i];
  const NegativeSampler uniform(positives);
  const NegativeSampler popular(positives, counts, 0.75);
  Rng rng(11);
  for (const NegativeSampler* s : {&uniform, &popular})
    for (std::int32_t u = 0; u < 3; ++u)
      for (int k = 0; k < 2000; ++k) {
        const std::int32_t item = s->sample(u, rng);
        REQUIRE(item >= 0);
        REQUIRE(item < 50);
        REQUIRE_FALSE(positives.contains(u, item));
        if (s == &popular) REQUIRE(counts[item] > 0);  // count 0 never drawn when alpha > 0
      }
}

TEST_CASE("Popularity^alpha: draw frequencies follow the weights, alpha 0 is uniform") {
  const std::int32_t n = 20;
  std::vector<std::int64_t> counts(n);
  for (std::int32_t i = 0; i < n; ++i) counts[i] = 1 + i * i;  // strictly increasing
  const UserItems none = UserItems::from_pairs(1, n, {}, {});
  const NegativeSampler sampler(none, counts, 1.0);
  double total = 0;
  for (const auto c : counts) total += static_cast<double>(c);
  CHECK(sampler.probability(n - 1) == doctest::Approx(counts[n - 1] / total));
  Rng rng(3);
  std::vector<int> freq(n, 0);
  const int draws = 1'000'000;
  std::vector<std::int32_t> batch(1000);
  for (int k = 0; k < draws / 1000; ++k) {
    sampler.sample(0, rng, batch);
    for (const auto i : batch) ++freq[i];
  }
  double chi2 = 0;
  for (std::int32_t i = 0; i < n; ++i) {
    const double expected = draws * counts[i] / total;
    chi2 += (freq[i] - expected) * (freq[i] - expected) / expected;
  }
  CHECK(chi2 < 43.8);  // 99.9% point of chi-square with 19 degrees of freedom
  CHECK(freq[n - 1] > freq[n / 2]);
  CHECK(freq[n / 2] > freq[1]);

  const NegativeSampler flat(none, counts, 0.0);
  CHECK(flat.probability(0) == doctest::Approx(1.0 / n));
}

TEST_CASE("A saturated user gets the one item left, a full user is an error") {
  std::vector<std::int32_t> users, items;
  for (std::int32_t i = 0; i < 100; ++i)
    if (i != 37) users.push_back(0), items.push_back(i);
  for (std::int32_t i = 0; i < 100; ++i) users.push_back(1), items.push_back(i);
  const UserItems positives = UserItems::from_pairs(2, 100, users, items);
  const NegativeSampler sampler(positives);
  Rng rng(1);
  for (int k = 0; k < 20; ++k) CHECK(sampler.sample(0, rng) == 37);
  CHECK_THROWS_WITH_AS(sampler.sample(1, rng), doctest::Contains("no item left"), std::runtime_error);
}

TEST_CASE("Negative draws are a function of the seed") {
  const UserItems positives = UserItems::from_pairs(1, 1000, std::vector<std::int32_t>{0, 0},
                                                    std::vector<std::int32_t>{4, 9});
  const NegativeSampler sampler(positives);
  std::vector<std::int32_t> a(50), b(50), c(50);
  Rng r1(42), r2(42), r3(43);
  sampler.sample(0, r1, a);
  sampler.sample(0, r2, b);
  sampler.sample(0, r3, c);
  CHECK(a == b);
  CHECK(a != c);
}

TEST_CASE("Batcher: every row exactly once per epoch, in an order fixed by seed and epoch") {
  std::vector<std::int32_t> rows(1003);
  std::iota(rows.begin(), rows.end(), 100);
  Batcher batcher(rows, 64, 9);
  CHECK(batcher.num_batches() == 16);
  std::vector<std::vector<std::int32_t>> epochs;
  const std::int32_t* storage = nullptr;
  for (int epoch = 0; epoch < 3; ++epoch) {
    batcher.start_epoch(epoch);
    std::vector<std::int32_t> seen;
    std::span<const std::int32_t> batch;
    std::int64_t batches = 0;
    while (batcher.next(batch)) {
      CHECK(batch.size() == (batches == 15 ? 1003 - 15 * 64 : 64));
      seen.insert(seen.end(), batch.begin(), batch.end());
      ++batches;
    }
    CHECK(batches == 16);
    CHECK(seen != rows);  // shuffled
    epochs.push_back(seen);
    std::sort(seen.begin(), seen.end());
    CHECK(seen == rows);  // a permutation: each row once
    // The same buffer every epoch: batching allocates nothing after construction.
    if (storage != nullptr) CHECK(batcher.order().data() == storage);
    storage = batcher.order().data();
  }
  CHECK(epochs[0] != epochs[1]);
  // Epoch 1 again, after epoch 2, and in a fresh batcher: the same order.
  batcher.start_epoch(1);
  CHECK(std::vector<std::int32_t>(batcher.order().begin(), batcher.order().end()) == epochs[1]);
  Batcher other(rows, 10, 9);
  other.start_epoch(1);
  CHECK(std::vector<std::int32_t>(other.order().begin(), other.order().end()) == epochs[1]);
  Batcher reseeded(rows, 64, 10);
  reseeded.start_epoch(1);
  CHECK(std::vector<std::int32_t>(reseeded.order().begin(), reseeded.order().end()) != epochs[1]);
  CHECK_THROWS_AS(Batcher(rows, 0, 1), std::invalid_argument);
}
