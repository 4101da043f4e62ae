// Candidate samplers for sampled softmax: draw the classes (items) that stand in for
// the whole catalogue in one training step, and say with what probability Q(i) each
// item is drawn, which the loss subtracts from the logits (the log-Q correction of
// Bengio & Senecal 2008 and Jean et al. 2015; layers/sampled_softmax.hpp explains why).
//
//   uniform     Q(i) = 1 / n
//   loguniform  Zipf over popularity rank: items ranked by training count, most
//               popular first (ties: lower item id first), and rank r drawn with
//               Q = log((r + 2) / (r + 1)) / log(n + 1), as TensorFlow's
//               log_uniform_candidate_sampler and the PyTorch reference. Drawn exactly
//               in O(1): r = floor(exp(u log(n + 1))) - 1 for u uniform in [0, 1).
//   popularity  Q(i) proportional to count(i)^alpha (data/alias_table.hpp); items with
//               count 0 are never drawn (log Q = -inf).
//
// Draws are independent, with replacement, and exclude nothing: a draw may be a row's
// own target (an "accidental hit"), which the loss removes. Unlike data/negatives.hpp,
// there is no per-user rejection. Immutable after construction; the Rng carries state.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "autodiff/random.hpp"
#include "data/alias_table.hpp"

namespace recgrad::data {

enum class SamplerKind { Uniform, LogUniform, Popularity };

// "uniform", "loguniform", "popularity"; throws std::invalid_argument for other names.
SamplerKind sampler_kind(const std::string& name);
const char* sampler_name(SamplerKind kind);

class CandidateSampler {
 public:
  // item_counts: each item's training popularity (its size is the catalogue's);
  // alpha: the popularity sampler's exponent.
  CandidateSampler(SamplerKind kind, std::span<const std::int64_t> item_counts, double alpha = 1.0);

  std::int32_t sample(Rng& rng) const;
  void sample(Rng& rng, std::span<std::int32_t> out) const {
    for (std::int32_t& i : out) i = sample(rng);
  }

  double probability(std::int32_t item) const { return probability_[static_cast<std::size_t>(item)]; }
  double log_q(std::int32_t item) const { return log_q_[static_cast<std::size_t>(item)]; }
  std::int32_t num_items() const { return static_cast<std::int32_t>(probability_.size()); }
  SamplerKind kind() const { return kind_; }

 private:
  SamplerKind kind_;
  std::vector<std::int32_t> item_at_rank_;  // loguniform: the item of popularity rank r
  double log_range_ = 0;                    // loguniform: log(n + 1)
  AliasTable table_;                        // popularity
  std::vector<double> probability_, log_q_;
};

}  // namespace recgrad::data
