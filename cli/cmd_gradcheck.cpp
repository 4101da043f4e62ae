// recgrad gradcheck --ops [--json] [--seed N] [--only NAME]
//   Checks every registered op's gradient against finite differences in double.
// recgrad gradcheck --model M [--json] [--seed N]
//   Compares a model's autodiff, hand-derived and finite-difference gradients.
#include <cstdio>
#include <iostream>
#include <memory>
#include <string>
#include <nlohmann/json.hpp>

#include "autodiff/op_checks.hpp"
#include "models/gradient_comparison.hpp"
#include "cli/commands.hpp"
#include "cli/run_options.hpp"

namespace recgrad::cli {

namespace {

struct GradcheckArgs {
  bool ops = false;
  std::string model;
  bool json = false;
  std::uint64_t seed = 1;
  std::string only;
  double tolerance = GradCheckOptions{}.tolerance;
};

int run_op_checks(const GradcheckArgs& args) {
  GradCheckOptions options;
  options.tolerance = args.tolerance;
  const auto results = check_all_ops(args.seed, options, args.only);
  if (results.empty()) throw std::invalid_argument("gradcheck: no registered op matches '" + args.only + "'");
  bool all_ok = true;
  nlohmann::json ops = nlohmann::json::array();
  for (const auto& r : results) {
    all_ok = all_ok && r.report.ok;
    ops.push_back({{"name", r.name},
                   {"max_abs_err", r.report.max_abs_err},
                   {"max_rel_err", r.report.max_rel_err},
                   {"ok", r.report.ok}});
  }
  if (args.json) {
    std::cout << nlohmann::json{{"ops", ops}, {"tolerance", args.tolerance}, {"ok", all_ok}}.dump(2) << "\n";
  } else {
    std::printf("%-40s %12s %12s  %s\n", "op", "max abs err", "max rel err", "");
    for (const auto& r : results)
      std::printf("%-40s %12.3e %12.3e  %s\n", r.name.c_str(), r.report.max_abs_err, r.report.max_rel_err,
                  r.report.ok ? "ok" : "FAILED");
    std::printf("%zu ops, relative tolerance %.0e: %s\n", results.size(), args.tolerance,
                all_ok ? "all ok" : "FAILURES");
  }
  return all_ok ? 0 : 1;
}

nlohmann::json param_json(const ParamComparison& p) {
  return {{"name", p.name},
          {"auto_vs_manual_rel", p.auto_vs_manual_rel},
          {"auto_vs_numeric_rel", p.auto_vs_numeric_rel},
          {"coords_sampled", p.sampled_coords},
          {"coords_compared", p.numeric_coords},
          {"coords_required", p.required_coords},
          {"coords_shifted_from_kink", p.shifted_coords},
          {"coords_skipped_at_kink", p.kink_coords},
          {"coverage_ok", p.coverage_ok}};
}

void print_model_table(const GradientComparison& c, double tolerance) {
  if (c.has_manual)
    std::printf("model %s, one random batch in double: loss %.12f (tape) vs %.12f (by hand)\n", c.model.c_str(),
                c.loss_auto, c.loss_manual);
  else
    std::printf("model %s, one random batch in double: loss %.12f (tape; the model has no hand-derived path)\n",
                c.model.c_str(), c.loss_auto);
  std::printf("%-18s %22s %22s %17s %8s %8s\n", "parameter", "tape vs by hand (rel)", "tape vs numeric (rel)",
              "compared/sampled", "shifted", "skipped");
  for (const auto& p : c.params) {
    const std::string compared = std::to_string(p.numeric_coords) + "/" + std::to_string(p.sampled_coords);
    std::printf("%-18s %22.3e %22.3e %17s %8lld %8lld", p.name.c_str(), p.auto_vs_manual_rel, p.auto_vs_numeric_rel,
                compared.c_str(), static_cast<long long>(p.shifted_coords), static_cast<long long>(p.kink_coords));
    // A parameter checked on too few coordinates fails however small its error.
    if (!p.coverage_ok) std::printf("  FAILED: fewer than the %lld required", static_cast<long long>(p.required_coords));
    std::printf("\n");
  }
  std::printf("tolerance %.0e; coverage: at least %.0f %% of the sampled coordinates and min(%lld, size) compared "
              "(shifted: moved away from a ReLU kink): %s\n",
              tolerance, 100 * GradCheckOptions{}.min_coverage, static_cast<long long>(GradCheckOptions{}.min_coords),
              c.ok ? "ok" : "FAILED");
}

int run_model_check(const GradcheckArgs& args) {
  const ModelConfig config = gradient_check_config(args.model);
  ComparisonOptions options;
  options.seed = args.seed;
  options.tolerance = args.tolerance;
  const GradientComparison c = compare_model_gradients(args.model, config, options);
  if (args.json) {
    nlohmann::json params = nlohmann::json::array();
    for (const auto& p : c.params) params.push_back(param_json(p));
    std::cout << nlohmann::json{{"model", c.model}, {"has_manual", c.has_manual}, {"loss_auto", c.loss_auto},
                                {"loss_manual", c.loss_manual},
                                {"params", params}, {"tolerance", args.tolerance}, {"ok", c.ok}}
                     .dump(2)
              << "\n";
  } else {
    print_model_table(c, args.tolerance);
  }
  return c.ok ? 0 : 1;
}

}  // namespace

void add_gradcheck_command(CLI::App& app) {
  auto args = std::make_shared<GradcheckArgs>();
  CLI::App* cmd = app.add_subcommand("gradcheck", "Check gradients against finite differences (in double)");
  cmd->add_flag("--ops", args->ops, "Check every registered op on random shapes");
  cmd->add_option("--model", args->model, "Compare a model's tape, hand-derived and numeric gradients")
      ->check(CLI::IsMember(gradient_checked_model_names()));
  cmd->add_flag("--json", args->json, "Print the result as JSON");
  add_seed_option(cmd, args->seed, "Seed for shapes and values");
  cmd->add_option("--only", args->only, "Only ops whose name contains this text");
  cmd->add_option("--tolerance", args->tolerance, "Largest relative error that passes")->capture_default_str();
  cmd->callback([args] {
    if (args->ops == !args->model.empty())
      throw CLI::ValidationError("gradcheck", "say what to check: --ops or --model M");
    const int status = args->ops ? run_op_checks(*args) : run_model_check(*args);
    if (status != 0) throw CLI::RuntimeError(status);
  });
}

}  // namespace recgrad::cli
