// For every gradient-trained model: the tape's gradient, the hand-derived one and
// finite differences agree to 1e-6 (relative, in double), and so do the two losses.
#include <doctest/doctest.h>

#include "models/registry.hpp"
#include "models/gradient_comparison.hpp"

using namespace recgrad;

TEST_CASE("manual, automatic and numeric gradients agree for every model") {
  for (const std::string& name : gradient_model_names()) {
    for (std::uint64_t seed : {3u, 11u}) {
      ModelConfig config;
      config.dim = 6;
      config.l2 = 0.05;
      config.alpha = 2.0;
      config.global_mean = 3.5;
      ComparisonOptions options;
      options.seed = seed;
      const GradientComparison c = compare_model_gradients(name, config, options);
      INFO("model " << name << ", seed " << seed << ", losses " << c.loss_auto << " / " << c.loss_manual);
      CHECK(c.loss_auto == doctest::Approx(c.loss_manual).epsilon(1e-12));
      REQUIRE(!c.params.empty());
      for (const ParamComparison& p : c.params) {
        INFO("parameter " << p.name);
        CHECK(p.auto_vs_manual_rel <= 1e-6);
        CHECK(p.auto_vs_numeric_rel <= 1e-6);
      }
      CHECK(c.ok);
    }
  }
}
