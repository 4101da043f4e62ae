// The k best-scoring items of one score row, best first.
//
// Order: score descending, equal scores broken by the lower item id first. This is
// the order numpy's argsort(-s, kind="stable") gives, so our top-k lists and the
// PyTorch references' lists agree item for item, ties included.
//
// A bounded heap of k ids is kept while the row is scanned once (O(n log k), no
// full sort): with k = 10 against thousands of items almost every item is rejected
// by one comparison with the current k-th best score.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace recgrad {

struct TopK {
  std::vector<std::int32_t> items;  // best first
  std::vector<float> scores;        // scores[i] is the score of items[i]
};

// The best min(k, #candidates) items of `scores` (one score per item id), where the
// candidates are all ids not listed in `exclude`. `exclude` must be sorted ascending
// (repeats allowed), as UserItems lists are. Throws std::invalid_argument for k < 0,
// an unsorted or out-of-range `exclude`, and std::domain_error for a NaN score
// (NaN has no place in the order, and would otherwise be silently dropped or kept).
TopK top_k(std::span<const float> scores, std::int32_t k,
           std::span<const std::int32_t> exclude = {});

// Calls run(lo, hi) for each maximal run [lo, hi) of ids in [0, num_items) that are
// not in the sorted list `exclude`: the candidate set without materialising it.
// Excluded ids from num_items on are ignored, so a prefix of the ids can be walked.
template <class Run>
void for_each_candidate_run(std::int32_t num_items, std::span<const std::int32_t> exclude,
                            Run&& run) {
  std::int32_t start = 0;
  for (std::int32_t e : exclude) {
    if (e >= num_items) break;
    if (e > start) run(start, e);
    if (e >= start) start = e + 1;
  }
  if (start < num_items) run(start, num_items);
}

// Allocation-free form for hot loops: writes the best min(out.size(), #candidates)
// ids into `out`, best first, and returns how many it wrote. Same rules as top_k.
std::int32_t top_k_into(std::span<const float> scores, std::span<const std::int32_t> exclude,
                        std::span<std::int32_t> out);

}  // namespace recgrad
