// itemknn's registry entry. Its one model option is its own: how many neighbours each
// item keeps, k, also the width of the model's item tensors ([items x min(k, items - 1)]).
#include "models/common/standard_options.hpp"
#include "models/itemknn/itemknn.hpp"
#include "models/registry.hpp"

namespace recgrad {

namespace {

// Chosen on validation (docs/defaults.md; ML-100K u1 ndcg@10 0.2523 / 0.2620 / 0.2640 /
// 0.2637 with 100 / 400 / 800 / 1600): the smallest within 1 % of the best, since the
// model and its file grow with k.
constexpr std::int64_t kNeighbours = 400;

}  // namespace

ModelSpec itemknn_spec() {
  return {.name = "itemknn",
          .summary = "item-based top-N: cosine item-item neighbours (Deshpande & Karypis 2004), a baseline",
          .feedback = Feedback::Pointwise,
          .options = {{.name = "neighbours", .kind = OptionKind::Integer, .fallback = kNeighbours,
                       .help = "Neighbours (most similar items) each item keeps, k", .min = 1,
                       .part_of_model = true, .model_own = true},
                      option::implicit_positive_rating(), option::epochs(1)},
          .make = [](const ModelConfig& c, const ModelData& data, std::uint64_t) {
            return std::make_unique<ItemKnn>(c.own.integer_or("neighbours", kNeighbours), data.num_users,
                                             data.num_items);
          },
          .make_double = {}};  // not trained by gradient steps
}

}  // namespace recgrad
