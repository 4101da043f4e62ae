#include "retrieval/topk.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

namespace recgrad {
namespace {

// The heap keeps scores beside ids: comparing through scores[id] puts a dependent
// load in every step of a sift, which made replacements the bulk of the time.
struct Entry {
  float score;
  std::int32_t item;
};

// "a ranks before b": the one order used by top-k, MRR and the docs.
bool before(const Entry& a, const Entry& b) {
  return a.score > b.score || (a.score == b.score && a.item < b.item);
}

void check_exclude(std::span<const std::int32_t> exclude, std::size_t num_items) {
  for (std::size_t i = 0; i < exclude.size(); ++i) {
    if (exclude[i] < 0 || static_cast<std::size_t>(exclude[i]) >= num_items)
      throw std::invalid_argument("top_k: excluded item " + std::to_string(exclude[i]) +
                                  " outside 0.." + std::to_string(num_items) + ")");
    if (i > 0 && exclude[i] < exclude[i - 1])
      throw std::invalid_argument("top_k: exclude list not sorted ascending at position " +
                                  std::to_string(i));
  }
}

// Puts `entry` in place of the heap's top (its worst entry) and sifts it down: one pass
// of about 2 log2(k) comparisons, half of what pop_heap followed by push_heap costs.
// The heap is ordered so that every parent ranks after its children.
void replace_worst(Entry* heap, std::int32_t size, Entry entry) {
  std::int32_t hole = 0;
  for (;;) {
    std::int32_t child = 2 * hole + 1;
    if (child >= size) break;
    if (child + 1 < size && before(heap[child], heap[child + 1])) ++child;  // the worse child
    if (!before(entry, heap[child])) break;
    heap[hole] = heap[child];
    hole = child;
  }
  heap[hole] = entry;
}

[[noreturn]] void throw_nan(std::int32_t item) {
  throw std::domain_error("top_k: score of item " + std::to_string(item) + " is NaN");
}

}  // namespace

std::int32_t top_k_into(std::span<const float> scores, std::span<const std::int32_t> exclude,
                        std::span<std::int32_t> out) {
  if (scores.size() > static_cast<std::size_t>(std::numeric_limits<std::int32_t>::max()))
    throw std::invalid_argument("top_k: more items than 32-bit ids can name");
  check_exclude(exclude, scores.size());
  const auto k = static_cast<std::int32_t>(std::min(out.size(), scores.size()));
  if (k == 0) return 0;

  // One buffer per thread, grown to the largest k seen: no allocation in steady state.
  thread_local std::vector<Entry> buffer;
  if (buffer.size() < static_cast<std::size_t>(k)) buffer.resize(static_cast<std::size_t>(k));
  Entry* heap = buffer.data();
  const float* s = scores.data();
  std::int32_t size = 0;
  float worst = 0.0f;

  // Items arrive in increasing id order, so a newcomer that ties the current worst
  // has the higher id and loses: only a strictly higher score gets in.
  auto scan = [&](std::int32_t j, std::int32_t end) {
    for (; size < k && j < end; ++j) {
      if (std::isnan(s[j])) throw_nan(j);
      heap[size++] = {s[j], j};
      if (size == k) {
        std::make_heap(heap, heap + k, before);
        worst = heap[0].score;
      }
    }
    for (; j < end; ++j) {
      if (s[j] <= worst) continue;  // the common case; NaN falls through to the check
      if (std::isnan(s[j])) throw_nan(j);
      replace_worst(heap, k, {s[j], j});
      worst = heap[0].score;
    }
  };
  for_each_candidate_run(static_cast<std::int32_t>(scores.size()), exclude, scan);

  std::sort(heap, heap + size, before);
  for (std::int32_t i = 0; i < size; ++i) out[i] = heap[i].item;
  return size;
}

TopK top_k(std::span<const float> scores, std::int32_t k, std::span<const std::int32_t> exclude) {
  if (k < 0) throw std::invalid_argument("top_k: k = " + std::to_string(k) + " is negative");
  TopK result;
  result.items.resize(std::min(static_cast<std::size_t>(k), scores.size()));
  result.items.resize(static_cast<std::size_t>(top_k_into(scores, exclude, result.items)));
  result.scores.reserve(result.items.size());
  for (std::int32_t item : result.items) result.scores.push_back(scores[item]);
  return result;
}

}  // namespace recgrad
