// An item's support: how many training interactions it has (every interaction outside the
// test part, as a model file keeps them). Lists a user can trust leave out items with
// too little support: a factor learnt from one rating scores and neighbours with a
// confidence it has not earned. `recommend` and `similar` take --min-support; the lists
// print each item's support so that what is left in is marked too.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "data/user_items.hpp"
#include "retrieval/topk.hpp"

namespace recgrad {

struct ItemSupport {
  std::vector<std::int64_t> counts;  // per item id
  std::int64_t minimum = 0;          // items with fewer are left out of lists

  bool enough(std::int32_t item) const { return counts[static_cast<std::size_t>(item)] >= minimum; }
  std::int64_t items_below() const;
  // Sets the score of every item below the minimum to -infinity, so that top-k puts it
  // after every other; drop_masked then takes it out of the list (fewer than k items are
  // left when fewer than k have the support).
  void mask(std::span<float> row) const;
  void drop_masked(TopK& list) const;
  // "(N items with fewer than M training interactions left out)", or "" without a minimum.
  std::string left_out_note() const;
};

// Counts each item's interactions in `history`; throws std::invalid_argument for a
// negative minimum.
ItemSupport item_support(const data::UserItems& history, std::int64_t minimum);

}  // namespace recgrad
