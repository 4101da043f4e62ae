#include "data/candidate_sampler.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>

namespace recgrad::data {

SamplerKind sampler_kind(const std::string& name) {
  if (name == "uniform") return SamplerKind::Uniform;
  if (name == "loguniform") return SamplerKind::LogUniform;
  if (name == "popularity") return SamplerKind::Popularity;
  throw std::invalid_argument("unknown sampler '" + name + "' (expected uniform, loguniform or popularity)");
}

const char* sampler_name(SamplerKind kind) {
  switch (kind) {
    case SamplerKind::Uniform: return "uniform";
    case SamplerKind::LogUniform: return "loguniform";
    case SamplerKind::Popularity: return "popularity";
  }
  return "?";
}

CandidateSampler::CandidateSampler(SamplerKind kind, std::span<const std::int64_t> item_counts, double alpha)
    : kind_(kind), probability_(item_counts.size()), log_q_(item_counts.size()) {
  const auto n = item_counts.size();
  if (n == 0) throw std::invalid_argument("candidate sampler: no items");
  switch (kind) {
    case SamplerKind::Uniform:
      std::fill(probability_.begin(), probability_.end(), 1.0 / static_cast<double>(n));
      break;
    case SamplerKind::LogUniform: {
      item_at_rank_.resize(n);
      std::iota(item_at_rank_.begin(), item_at_rank_.end(), 0);
      std::stable_sort(item_at_rank_.begin(), item_at_rank_.end(),
                       [&](std::int32_t a, std::int32_t b) { return item_counts[a] > item_counts[b]; });
      log_range_ = std::log(static_cast<double>(n) + 1.0);
      for (std::size_t r = 0; r < n; ++r)
        probability_[item_at_rank_[r]] = std::log((static_cast<double>(r) + 2.0) / (static_cast<double>(r) + 1.0)) / log_range_;
      break;
    }
    case SamplerKind::Popularity: {
      std::vector<double> weights(n);
      for (std::size_t i = 0; i < n; ++i)
        weights[i] = item_counts[i] > 0 ? std::pow(static_cast<double>(item_counts[i]), alpha) : 0.0;
      table_ = AliasTable(weights);
      for (std::size_t i = 0; i < n; ++i) probability_[i] = table_.probability(static_cast<std::int32_t>(i));
      break;
    }
  }
  for (std::size_t i = 0; i < n; ++i)
    log_q_[i] = probability_[i] > 0 ? std::log(probability_[i]) : -std::numeric_limits<double>::infinity();
}

std::int32_t CandidateSampler::sample(Rng& rng) const {
  const auto n = static_cast<std::int32_t>(probability_.size());
  switch (kind_) {
    case SamplerKind::Uniform:
      return static_cast<std::int32_t>(rng.below(static_cast<std::uint64_t>(n)));
    case SamplerKind::LogUniform: {
      // P(floor(e^{u log(n+1)}) - 1 = r) = P(r + 1 <= e^{u log(n+1)} < r + 2) = log((r+2)/(r+1)) / log(n+1).
      const double x = std::exp(rng.uniform() * log_range_);
      const auto r = std::clamp(static_cast<std::int32_t>(x) - 1, 0, n - 1);  // clamp: rounding at the ends
      return item_at_rank_[static_cast<std::size_t>(r)];
    }
    case SamplerKind::Popularity:
      return table_.sample(rng);
  }
  return 0;
}

}  // namespace recgrad::data
