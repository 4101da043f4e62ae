// One minibatch as the models see it: parallel arrays, one entry per example.
// Which fields a model reads depends on the model (each says so).
#pragma once

#include <cstdint>
#include <span>

#include "autodiff/param.hpp"

namespace recgrad {

template <class T>
struct Batch {
  std::span<const Id> users;
  std::span<const Id> items;      // the rated or positive item
  std::span<const Id> negatives;  // pairwise models: one sampled item per example;
                                  // next-item (sampled softmax): S sampled items shared by every example
  std::span<const T> targets;     // explicit: the rating; pointwise implicit: the label 0/1
  std::span<const T> weights;     // pointwise implicit: the example's confidence weight
  // next-item: example r's previous items are context_items[context_offsets[r] .. context_offsets[r+1])
  std::span<const Id> context_items;
  std::span<const std::int64_t> context_offsets;  // size() + 1 entries when set
  // next-item with sampled negatives: log Q, the log probability with which the sampler
  // draws each example's item (size() entries) and each negative (negatives.size() entries),
  // for the log-Q correction (layers/sampled_softmax.hpp). Defaulted, so that batches
  // without them can be written {users, items, ...} without naming these.
  std::span<const T> item_log_q = {};
  std::span<const T> negative_log_q = {};
  // Seeds whatever a model draws at random for this batch (widedeep's dropout masks). The
  // trainer's batches each get their own, so masks change from batch to batch, while every
  // forward pass over one batch draws the same: the tape's and the hand-derived path's, and
  // each of a gradient check's finite-difference passes.
  std::uint64_t seed = 0;

  std::int64_t size() const { return static_cast<std::int64_t>(users.size()); }
};

}  // namespace recgrad
