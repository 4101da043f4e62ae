// pop's registry entry. It reads one option: the most sweeps, where one already fits it.
#include "models/common/standard_options.hpp"
#include "models/pop/pop.hpp"
#include "models/registry.hpp"

namespace recgrad {

ModelSpec pop_spec() {
  return {.name = "pop",
          .summary = "most popular: every user gets the items with the most training users (a baseline); an item "
                     "unseen in training scores its features' popularity",
          .feedback = Feedback::Pointwise,
          .options = {option::implicit_positive_rating(), option::epochs(1)},
          .scores_unseen_items = true,
          .is_baseline = true,
          .make = [](const ModelConfig&, const ModelData& data, std::uint64_t) {
            return std::make_unique<MostPopular>(data.num_users, data.num_items, data.item_features);
          },
          .make_double = {}};  // not trained by gradient steps
}

}  // namespace recgrad
