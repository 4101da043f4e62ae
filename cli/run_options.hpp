// Options several commands share beyond the data's: --seed and --threads, each parsed
// and bounded in one place, so that no command takes "-1" as 2^64 - 1 or asks OpenMP
// for two billion threads.
#pragma once

#include <CLI/CLI.hpp>
#include <cstdint>
#include <string>

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

}  // namespace recgrad::cli
