#include "cli/run_options.hpp"

#include <charconv>

namespace recgrad::cli {

namespace {

// CLI11 would read "-1" or an overflowing number as the largest seed: checked as text first.
std::string seed_problem(std::string& text) {
  std::uint64_t value = 0;
  const char* end = text.data() + text.size();
  const auto [stop, err] = std::from_chars(text.data(), end, value);
  if (text.empty() || stop != end || err != std::errc())
    return "expected a whole number from 0 to 18446744073709551615, got '" + text.substr(0, 80) + "'";
  return "";
}

}  // namespace

CLI::Option* add_seed_option(CLI::App* cmd, std::uint64_t& seed, const std::string& help) {
  return cmd->add_option("--seed", seed, help)->check(CLI::Validator(seed_problem, "SEED"))->capture_default_str();
}

CLI::Option* add_threads_option(CLI::App* cmd, int& threads, const std::string& help) {
  return cmd->add_option("--threads", threads, help)->check(CLI::Range(0, kMaxThreads));
}

CLI::Option* add_grad_option(CLI::App* cmd, std::string& grad) {
  return cmd->add_option("--grad", grad, "Gradients from the tape or from the hand-derived formulas")
      ->check(CLI::IsMember({"auto", "manual"}))
      ->capture_default_str();
}

}  // namespace recgrad::cli
