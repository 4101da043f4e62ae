// Options several commands share beyond the data's: --seed and --threads, each parsed
// and bounded in one place, so that no command takes "-1" as 2^64 - 1 or asks OpenMP
// for two billion threads.
#pragma once

#include <CLI/CLI.hpp>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

#include "evaluation/metrics.hpp"
#include "io/model_file.hpp"

namespace recgrad::cli {

// The most --threads accepts: well past any machine we run on, far from what makes the
// OpenMP runtime abort.
inline constexpr int kMaxThreads = 1024;

// --seed: a whole number in [0, 2^64 - 1], written in decimal digits; anything else
// (a sign, an overflow, trailing text) is refused naming the option.
CLI::Option* add_seed_option(CLI::App* cmd, std::uint64_t& seed, const std::string& help);

// --grad auto|manual: gradients from the tape or from the model's hand-derived formulas.
CLI::Option* add_grad_option(CLI::App* cmd, std::string& grad);

// --threads: 0 (OpenMP's default: all cores) to kMaxThreads.
CLI::Option* add_threads_option(CLI::App* cmd, int& threads, const std::string& help);

// --candidates all|sampled:N: what the final test ranks each user's test items against,
// every candidate item (all, the default) or N negatives sampled per user. Its form is
// checked when parsed; N against the data by test_candidates.
CLI::Option* add_candidates_option(CLI::App* cmd, std::string& candidates);

// The sampling a --candidates value asks for, seeded by `seed`; `candidate_items` is how
// many items the test may rank (the catalogue, or a cold-start split's held-out items):
// N must be below it, else std::invalid_argument naming the option and the bound.
CandidateSampling test_candidates(const std::string& candidates, std::uint64_t seed, std::int64_t candidate_items);

// How a run's candidates are reported: {"kind": "all"} or {"kind": "sampled",
// "negatives", "seed", "note"}, and a line saying the same in words.
nlohmann::json candidates_json(const CandidateSampling& sampling);

// An item's title in a list's JSON: null when the model's data had no titles (the list
// gives the id beside it).
nlohmann::json title_json(const SavedModel& saved, Id item);
std::string candidates_line(const CandidateSampling& sampling);

}  // namespace recgrad::cli
