// recgrad generate --out DIR [--users U] [--items I] [--interactions N] [--seed S]
//                  [--factors K] [--ratings stars|half-stars|clicks] [--popularity-exponent E]
//                  [--popularity-offset O] [--activity-sigma S] [--json]
// recgrad generate --out DIR --profile ml-latest [--seed S] [--json]
//   Writes a synthetic data set (data/synthetic.hpp) as DIR/interactions.csv,
//   user_features.csv and item_features.csv, streamed: memory stays O(users + items)
//   however many interactions. `--data DIR` then loads it on every command.
#include <chrono>
#include <cstdio>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "cli/run_options.hpp"
#include "data/synthetic.hpp"
#include "training/memory.hpp"

namespace recgrad::cli {

void add_generate_command(CLI::App& app) {
  struct Args {
    std::string out;
    data::SyntheticSpec spec;
    std::string profile;
    bool json = false;
  };
  auto args = std::make_shared<Args>();
  CLI::App* cmd = app.add_subcommand("generate", "Write a synthetic MovieLens-shaped data set to a directory");
  cmd->add_option("--out", args->out, "Directory to write (created if missing)")->required();
  cmd->add_option("--users", args->spec.users, "Number of users")->capture_default_str();
  cmd->add_option("--items", args->spec.items, "Number of items")->capture_default_str();
  cmd->add_option("--interactions", args->spec.interactions, "Number of interactions (1e3 .. 5e7 and more)")
      ->capture_default_str();
  add_seed_option(cmd, args->spec.seed, "Seed: the same seed writes the same files");
  cmd->add_option("--factors", args->spec.factors, "Dimension of the planted factors")->capture_default_str();
  cmd->add_option_function<std::string>(
         "--ratings", [args](const std::string& name) { args->spec.ratings = data::rating_scale(name); },
         "Rating scale: stars (1..5), half-stars (0.5..5) or clicks (0/1) [default: stars]")
      ->check(CLI::IsMember({"stars", "half-stars", "clicks"}));
  CLI::Option* exponent = cmd->add_option("--popularity-exponent", args->spec.popularity_exponent,
                                          "Item popularity falls as (rank + offset)^-exponent")
                              ->capture_default_str();
  CLI::Option* offset = cmd->add_option("--popularity-offset", args->spec.popularity_offset,
                                        "The offset, as a share of the items: smaller, a steeper head")
                            ->capture_default_str();
  CLI::Option* sigma = cmd->add_option("--activity-sigma", args->spec.activity_sigma,
                                       "Log-normal spread of how many items a user rates")
                           ->capture_default_str();
  // A profile fixes the whole shape: the options that would change it are refused beside it.
  CLI::Option* profile = cmd->add_option("--profile", args->profile, "A named real data set's shape")
                             ->check(CLI::IsMember(data::synthetic_profile_names()));
  for (const char* shape : {"--users", "--items", "--interactions", "--factors", "--ratings"})
    profile->excludes(cmd->get_option(shape));
  profile->excludes(exponent)->excludes(offset)->excludes(sigma);
  cmd->add_flag("--json", args->json, "Print the result as JSON");
  cmd->callback([args] {
    if (!args->profile.empty()) args->spec = data::synthetic_profile(args->profile, args->spec.seed);
    args->spec.validate();
    refuse_beyond_memory(synthetic_memory(args->spec.users, args->spec.items, args->spec.factors));
    begin_step("writing the synthetic data set");
    const auto start = std::chrono::steady_clock::now();
    const data::SyntheticFiles files = data::write_synthetic(args->spec, args->out);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (args->json) {
      std::cout << nlohmann::ordered_json{{"interactions_file", files.interactions.string()},
                                          {"user_features_file", files.user_features.string()},
                                          {"item_features_file", files.item_features.string()},
                                          {"rows", files.rows},
                                          {"bytes", files.bytes},
                                          {"seconds", seconds}}
                       .dump(2)
                << "\n";
    } else {
      std::printf("wrote %lld interactions, %.1f MB, in %.2f s:\n  %s\n  %s\n  %s\n",
                  static_cast<long long>(files.rows), static_cast<double>(files.bytes) / 1e6, seconds,
                  files.interactions.c_str(), files.user_features.c_str(), files.item_features.c_str());
    }
  });
}

}  // namespace recgrad::cli
