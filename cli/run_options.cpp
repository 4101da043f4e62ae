#include "cli/run_options.hpp"

#include <charconv>
#include <stdexcept>

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

// The N of "sampled:N", or 0 when the text is not of that form (N a whole number >= 1).
std::int64_t sampled_count(const std::string& text) {
  const std::string prefix = "sampled:";
  if (text.rfind(prefix, 0) != 0) return 0;
  std::int64_t n = 0;
  const char *begin = text.data() + prefix.size(), *end = text.data() + text.size();
  const auto [stop, err] = std::from_chars(begin, end, n);
  return begin != end && stop == end && err == std::errc() && n >= 1 ? n : 0;
}

std::string candidates_problem(std::string& text) {
  if (text == "all" || sampled_count(text) > 0) return "";
  return "expected all or sampled:N with N a whole number of at least 1, got '" + text.substr(0, 80) + "'";
}

}  // namespace

CLI::Option* add_seed_option(CLI::App* cmd, std::uint64_t& seed, const std::string& help) {
  return cmd->add_option("--seed", seed, help)->check(CLI::Validator(seed_problem, "SEED"))->capture_default_str();
}

CLI::Option* add_threads_option(CLI::App* cmd, int& threads, const std::string& help) {
  return cmd->add_option("--threads", threads, help)->check(CLI::Range(0, kMaxThreads));
}

CLI::Option* add_candidates_option(CLI::App* cmd, std::string& candidates) {
  return cmd
      ->add_option("--candidates", candidates,
                   "The test's candidates per user: all items, or sampled:N (the user's test items + N sampled "
                   "negatives; such figures are not comparable with full ranking)")
      ->check(CLI::Validator(candidates_problem, "all|sampled:N"))
      ->capture_default_str();
}

CandidateSampling test_candidates(const std::string& candidates, std::uint64_t seed, std::int64_t candidate_items) {
  if (candidates == "all") return {};
  const std::int64_t n = sampled_count(candidates);
  if (n <= 0 || n >= candidate_items)
    throw std::invalid_argument("--candidates " + candidates.substr(0, 80) + ": expected all or sampled:N with N from 1 to " +
                                std::to_string(candidate_items - 1) + " (below the " + std::to_string(candidate_items) +
                                " items the test ranks)");
  return {static_cast<std::int32_t>(n), seed};
}

nlohmann::json candidates_json(const CandidateSampling& sampling) {
  if (sampling.negatives == 0) return {{"kind", "all"}};
  return {{"kind", "sampled"},
          {"negatives", sampling.negatives},
          {"seed", sampling.seed},
          {"note", "sampled figures: not comparable with ranking against all items"}};
}

std::string candidates_line(const CandidateSampling& sampling) {
  if (sampling.negatives == 0) return "candidates: all items outside the user's other interactions";
  return "candidates: " + std::to_string(sampling.negatives) + " sampled negatives + the user's test items, seed " +
         std::to_string(sampling.seed) + " (SAMPLED figures: not comparable with ranking against all items)";
}

CLI::Option* add_grad_option(CLI::App* cmd, std::string& grad) {
  return cmd->add_option("--grad", grad, "Gradients from the tape or from the hand-derived formulas")
      ->check(CLI::IsMember({"auto", "manual"}))
      ->capture_default_str();
}

nlohmann::json title_json(const SavedModel& saved, Id item) {
  return saved.titles.empty() ? nlohmann::json(nullptr) : nlohmann::json(saved.item_title(item));
}

}  // namespace recgrad::cli
