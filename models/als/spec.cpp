// als's registry entry: options, defaults and factory.
#include "models/als/als.hpp"
#include "models/common/standard_options.hpp"
#include "models/registry.hpp"

namespace recgrad {

ModelSpec als_spec() {
  return {.name = "als",
          .summary = "implicit ALS (Hu, Koren, Volinsky 2008) with a conjugate-gradient solver",
          .feedback = Feedback::Pointwise,
          .options = {option::dim(32), option::init_std(0.01), option::l2(20.0), option::implicit_positive_rating(),
                      option::alpha(1.0, "An observed pair's confidence is 1 + alpha (x its rating with --confidence rating)"),
                      {.name = "confidence", .kind = OptionKind::Choice, .fallback = std::string("flat"),
                       .help = "An observed pair's confidence: flat, 1 + alpha; or rating, 1 + alpha x its rating "
                               "(Hu, Koren, Volinsky 2008)",
                       .choices = {"flat", "rating"}, .part_of_model = true, .model_own = true},
                      option::epochs(20),
                      option::patience(5), option::metric()},
          .squares_dim = true,
          .make = [](const ModelConfig& c, const ModelData& data, std::uint64_t seed) {
            const AlsConfig config{.dim = c.dim, .l2 = c.l2, .alpha = c.alpha, .cg_steps = 3, .init_std = c.init_std,
                                   .confidence_by_rating = c.own.text_or("confidence", "flat") == "rating"};
            return std::make_unique<ImplicitAls>(config, data.num_users, data.num_items, seed);
          },
          .make_double = {}};  // not trained by gradient steps
}

}  // namespace recgrad
