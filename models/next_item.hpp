// What a next-item model (Feedback::NextItem) offers beyond Recommender: it scores a
// user given the items the user saw last (the context), which is not a property of the
// user alone. The evaluator supplies a context for every evaluated row; top-k lists
// (score_users, predict) use each user's latest context, set with set_user_contexts
// once the history is known: run_training sets it from the non-test history (train +
// validation, the last max_history items) before the final test, so `recgrad train`'s
// top-5 lists and a model used afterwards recommend "what comes next after the latest items".
#pragma once

#include <cstdint>
#include <span>

#include "data/sequences.hpp"
#include "models/model.hpp"

namespace recgrad {

template <class T>
class NextItemRecommender {
 public:
  virtual ~NextItemRecommender() = default;

  // Scores, row-major [users.size() x num_items], of users[r] after the items
  // context_items[context_offsets[r] .. context_offsets[r+1]) (oldest first; may be empty).
  // Safe to call from several threads at once.
  virtual void score_with_context(std::span<const Id> users, std::span<const Id> context_items,
                                  std::span<const std::int64_t> context_offsets, std::span<T> out) const = 0;
  // The context score_users() and predict() use for each user (empty until set).
  virtual void set_user_contexts(data::UserSequences contexts) = 0;
};

}  // namespace recgrad
