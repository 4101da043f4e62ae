// itemknn's registry entry. Its one model option is how many neighbours each item keeps,
// read as `dim`: ModelConfig's only whole-number setting and, as with the factor models,
// the width of the model's item tensors ([items x min(dim, items - 1)]). A name of its
// own (--neighbours) would need a ModelConfig field and a binding in training/setup.cpp.
#include "models/common/standard_options.hpp"
#include "models/itemknn/itemknn.hpp"
#include "models/registry.hpp"

namespace recgrad {

ModelSpec itemknn_spec() {
  OptionSpec neighbours = option::dim(100);
  neighbours.help = "Neighbours (most similar items) each item keeps, k";
  return {.name = "itemknn",
          .summary = "item-based top-N: cosine item-item neighbours (Deshpande & Karypis 2004), a baseline",
          .feedback = Feedback::Pointwise,
          .options = {neighbours, option::epochs(1)},
          .make = [](const ModelConfig& c, const ModelData& data, std::uint64_t) {
            return std::make_unique<ItemKnn>(c.dim, data.num_users, data.num_items);
          },
          .make_double = {}};  // not trained by gradient steps
}

}  // namespace recgrad
