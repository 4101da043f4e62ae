// recgrad split [--data PATH] [--split S] [--seed N] --out DIR [--json]
// Writes a split as files to look at and to train on: DIR/train.csv, validation.csv,
// test.csv (user,item[,rating][,timestamp], the data's own ids) and, for coldstart,
// cold_items.csv, with split.json saying what they are. validation.csv holds the split's
// own validation part (last's second-to-last interactions) and is empty for the others,
// whose validation `train` carves from train.csv by its --seed as it does from any split:
// the training part is then the same list, so the ratings' mean and range and the data-
// following defaults are too, and `train --split-from DIR --seed N` trains, selects and
// tests exactly as `train --split S --seed N`.
#include <cstdio>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "cli/data_options.hpp"
#include "data/split_files.hpp"
#include "io/atomic_file.hpp"
#include "training/trainer.hpp"

namespace recgrad::cli {

namespace {

struct SplitArgs {
  DataArgs data;
  std::string out;
  bool json = false;
};

// What split.json records: where the parts came from and how many records each holds.
nlohmann::ordered_json describe(const data::Dataset& ds, const data::Split& split, const SplitArgs& a,
                                bool own_validation, double fraction) {
  return {{"data", a.data.path.empty() ? std::string("builtin") : a.data.path},
          {"split", split.name},
          {"seed", a.data.seed},
          {"train", split.train.size()},
          {"validation", split.validation.size()},
          {"validation_from", own_validation ? std::string("validation.csv, the split's own validation part")
                                             : "none of its own: train holds out a seeded " +
                                                   std::to_string(static_cast<int>(fraction * 100)) +
                                                   "% of train.csv for choosing epochs, chosen by its --seed"},
          {"test", split.test.size()},
          {"cold_items", split.cold_items.size()},
          {"unassigned", split.unassigned},
          {"tied", split.tied},
          {"columns", std::string("user,item") + (ds.has_ratings ? ",rating" : "") +
                          (ds.has_timestamps ? ",timestamp" : "")}};
}

void run_split(const SplitArgs& a) {
  const std::filesystem::path dir = a.out, info_path = dir / "split.json";
  if (std::filesystem::exists(info_path))
    throw std::invalid_argument(info_path.string() + " already exists: a split is never written over another "
                                "(choose another --out folder)");
  const data::Dataset ds = load_data(a.data);
  const data::Split split = load_split(ds, a.data);
  const nlohmann::ordered_json info =
      describe(ds, split, a, !split.validation.empty(), TrainConfig{}.validation_fraction);
  data::write_split_files(ds, split, dir);
  AtomicFile out(info_path);
  out.write(info.dump(2) + "\n");
  out.commit();
  if (a.json) {
    std::cout << info.dump(2) << "\n";
    return;
  }
  std::printf("wrote split %s of %s to %s: train %zu, validation %zu, test %zu", split.name.c_str(),
              info["data"].get<std::string>().c_str(), dir.c_str(), split.train.size(), split.validation.size(),
              split.test.size());
  if (!split.cold_items.empty()) std::printf(", cold items %zu", split.cold_items.size());
  std::printf("\nvalidation: %s\ntrain on it with: recgrad train --split-from %s --seed %llu ...\n",
              info["validation_from"].get<std::string>().c_str(), dir.c_str(),
              static_cast<unsigned long long>(a.data.seed));
}

}  // namespace

void add_split_command(CLI::App& app) {
  auto a = std::make_shared<SplitArgs>();
  CLI::App* cmd = app.add_subcommand("split", "Write a split's train, validation and test parts as CSV files");
  add_data_options(cmd, a->data);
  cmd->add_option("--out", a->out, "Folder to write (created if missing; never over an earlier split)")->required();
  cmd->add_flag("--json", a->json, "Print split.json's contents");
  cmd->callback([a] { run_split(*a); });
}

}  // namespace recgrad::cli
