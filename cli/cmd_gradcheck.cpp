// recgrad gradcheck --ops [--json] [--seed N] [--only NAME]
// Checks every registered op's gradient against finite differences in double.
#include <cstdio>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>

#include "autodiff/op_checks.hpp"
#include "cli/commands.hpp"

namespace recgrad::cli {

namespace {

struct GradcheckArgs {
  bool ops = false;
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

}  // namespace

void add_gradcheck_command(CLI::App& app) {
  auto args = std::make_shared<GradcheckArgs>();
  CLI::App* cmd = app.add_subcommand("gradcheck", "Check gradients against finite differences (in double)");
  cmd->add_flag("--ops", args->ops, "Check every registered op on random shapes");
  cmd->add_flag("--json", args->json, "Print the result as JSON");
  cmd->add_option("--seed", args->seed, "Seed for shapes and values")->capture_default_str();
  cmd->add_option("--only", args->only, "Only ops whose name contains this text");
  cmd->add_option("--tolerance", args->tolerance, "Largest relative error that passes")->capture_default_str();
  cmd->callback([args] {
    if (!args->ops) throw CLI::ValidationError("gradcheck", "say what to check: --ops");
    if (const int status = run_op_checks(*args); status != 0) throw CLI::RuntimeError(status);
  });
}

}  // namespace recgrad::cli
