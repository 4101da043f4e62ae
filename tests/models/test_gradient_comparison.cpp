// For every gradient-trained model: the tape's gradient and the hand-derived one agree
// to 1e-9 (relative, in double; both are exact up to rounding), finite differences agree
// with the tape to 1e-6 (their own truncation error), and the two losses agree.
// Every model has both paths (the README promises it), so a model without a manual
// path fails here rather than passing on the tape's gradient alone.
#include <doctest/doctest.h>

#include "models/gradient_comparison.hpp"
#include "models/registry.hpp"

using namespace recgrad;

namespace {

// The variants of a model whose loss has options: softmax's full and sampled heads;
// "" for a model with one loss.
std::vector<std::string> loss_variants(const std::string& model) {
  const Options options = model_spec(model).default_options();
  if (options.has("softmax")) return options.spec("softmax").choices;
  return {""};
}

}  // namespace

TEST_CASE("manual, automatic and numeric gradients agree for every model") {
  for (const std::string& name : gradient_checked_model_names()) {
    for (const std::string& variant : loss_variants(name)) {
      for (std::uint64_t seed : {3u, 11u}) {
        ModelConfig config = gradient_check_config(name);  // every loss term on
        config.dim = 6;
        if (!variant.empty()) config.own.set("softmax", variant);
        ComparisonOptions options;
        options.seed = seed;
        const GradientComparison c = compare_model_gradients(name, config, options);
        INFO("model " << name << " (" << variant << "), seed " << seed << ", losses " << c.loss_auto << " / "
                      << c.loss_manual);
        CHECK(c.has_manual);
        CHECK(c.loss_auto == doctest::Approx(c.loss_manual).epsilon(1e-12));
        REQUIRE(!c.params.empty());
        for (const ParamComparison& p : c.params) {
          INFO("parameter " << p.name);
          CHECK(p.auto_vs_manual_rel <= 1e-9);
          CHECK(p.auto_vs_numeric_rel <= 1e-6);
          // Checked means compared: at least 90 % of the sampled coordinates and at least
          // min(8, sampled) of them, whatever the kinks (independently of coverage_ok).
          CHECK(p.numeric_coords * 10 >= p.sampled_coords * 9);
          CHECK(p.numeric_coords >= std::min<std::int64_t>(8, p.sampled_coords));
          CHECK(p.numeric_coords == p.sampled_coords - p.kink_coords);
          CHECK(p.coverage_ok);
        }
        CHECK(c.ok);
      }
    }
  }
}

TEST_CASE("a model gradient check that compares too few coordinates fails") {
  // Skipping every coordinate whose stencil crosses a ReLU kink, as the check once did,
  // leaves widedeep's first hidden bias compared on a few of its 16 coordinates (the
  // issue saw 1 of 16): that must fail, however small the errors of what is left.
  ComparisonOptions options;
  options.max_shifts = 0;
  const GradientComparison c = compare_model_gradients("widedeep", gradient_check_config("widedeep"), options);
  bool bias_short = false;
  for (const ParamComparison& p : c.params) {
    INFO("parameter " << p.name << ": " << p.numeric_coords << " of " << p.sampled_coords << " compared");
    CHECK(p.coverage_ok == (p.numeric_coords >= p.required_coords));
    CHECK(p.auto_vs_numeric_rel <= 1e-6);
    if (p.name == "deep.mlp.0.bias") bias_short = !p.coverage_ok && p.kink_coords > 0;
  }
  CHECK(bias_short);
  CHECK_FALSE(c.ok);
}
