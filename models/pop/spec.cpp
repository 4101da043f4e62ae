// pop's registry entry. It reads one option: the most sweeps, where one already fits it.
// It has no factor size, yet declares `dim` at 1 without reading it: the model-file
// reader (io/model_file_read.cpp, build_model) bounds a model's tensors by
// dim x (users + items) floats before reading them, and an undeclared dim is 32, more
// than pop's file holds on small data. Without that guard, pop would declare no dim.
#include "models/common/standard_options.hpp"
#include "models/pop/pop.hpp"
#include "models/registry.hpp"

namespace recgrad {

namespace {

OptionSpec unused_dim() {
  OptionSpec dim = option::dim(1);
  dim.help = "Not read by pop (no factors); leave it at 1, the width of its item counts";
  return dim;
}

}  // namespace

ModelSpec pop_spec() {
  return {.name = "pop",
          .summary = "most popular: every user gets the items with the most training users (a baseline)",
          .feedback = Feedback::Pointwise,
          .options = {unused_dim(), option::epochs(1)},
          .make = [](const ModelConfig&, const ModelData& data, std::uint64_t) {
            return std::make_unique<MostPopular>(data.num_users, data.num_items);
          }};
}

}  // namespace recgrad
