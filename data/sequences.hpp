// Each user's items in the order they were interacted with: by timestamp, then by
// item id (many ratings share a second; the id makes the order total, as in the
// `last` split and the PyTorch reference). What next-item models learn from (every
// position is an example whose context is the items before it) and what they score
// a user with (the latest items).
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "data/dataset.hpp"

namespace recgrad::data {

// Compressed rows like UserItems, but each user's list is in time order, not sorted by id.
struct UserSequences {
  std::vector<std::int64_t> offsets{0};  // num_users + 1 entries
  std::vector<std::int32_t> items;

  std::int32_t num_users() const { return static_cast<std::int32_t>(offsets.size()) - 1; }
  std::span<const std::int32_t> of(std::int32_t user) const {
    return {items.data() + offsets[user], items.data() + offsets[user + 1]};
  }
};

// The interactions `rows` of every user of `ds`, in time order (users without any get an empty list).
UserSequences user_sequences(const Dataset& ds, std::span<const std::int32_t> rows);

// The interactions of each user whose item is in `history.of(user)`, in time order:
// the time order of a history that is only known as a set.
UserSequences user_sequences(const Dataset& ds, const UserItems& history);

// The last `n` items of every sequence (all of a shorter one), still in time order.
UserSequences last_items(const UserSequences& sequences, std::int32_t n);

}  // namespace recgrad::data
