// Shared pieces of the model-in-use tests: a short training run on the built-in data,
// saved once per executable, a scratch directory, and a way to run the `recgrad`
// executable that sits next to the test executable in the build directory.
#pragma once

#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "data/split.hpp"
#include "data/synthetic.hpp"
#include "io/saved_run.hpp"
#include "training/run.hpp"
#include "support/temp_dir.hpp"

namespace use_test {

using namespace recgrad;

using ScratchDir = recgrad::testing::TempDir;

inline const data::Dataset& builtin() {
  static const data::Dataset ds = data::builtin_dataset(0);
  return ds;
}

// The split `recgrad recommend` rebuilds from the model file: its name and the
// training seed, the way cli/data_options.cpp makes it.
inline const data::Split& split() {
  static const data::Split s = data::make_split(builtin(), {.name = "random", .seed = 7});
  return s;
}

inline RunOutcome train_short(const std::string& model, const data::Dataset& ds, const data::Split& sp) {
  TrainingSetup s = default_setup(model);
  s.model.dim = 8;
  s.train.epochs = 1;
  s.train.patience = 0;
  s.train.threads = 1;
  s.train.seed = 7;
  return run_training(model, ds, sp, s, 7);
}

// One lmf epoch on the built-in data, saved once for all the tests of this executable.
struct SavedLmf {
  ScratchDir dir;
  std::filesystem::path path = dir / "lmf.rgm";
  RunOutcome run = train_short("lmf", builtin(), split());
  SavedLmf() { save_model(path, *run.model, model_info(run, builtin(), split())); }
};

inline const SavedLmf& saved_lmf() {
  static const SavedLmf s;
  return s;
}

struct Result {
  int status = -1;
  std::string out, err;
};

using recgrad::testing::read_text;

// Runs `recgrad ARGS` (the binary beside this test executable); arguments are passed
// through the shell, so keep them free of spaces and quotes.
inline Result run_recgrad(const std::string& args) {
  static int counter = 0;
  const std::filesystem::path exe = std::filesystem::read_symlink("/proc/self/exe").parent_path() / "recgrad";
  const std::filesystem::path err = std::filesystem::temp_directory_path() /
                                    ("recgrad-use-stderr-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
  const std::string command = exe.string() + " " + args + " 2>" + err.string();
  Result r;
  if (FILE* pipe = ::popen(command.c_str(), "r")) {
    std::array<char, 4096> buf{};
    std::size_t n = 0;
    while ((n = std::fread(buf.data(), 1, buf.size(), pipe)) > 0) r.out.append(buf.data(), n);
    const int raw = ::pclose(pipe);
    r.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  }
  r.err = read_text(err);
  std::filesystem::remove(err);
  return r;
}

}  // namespace use_test
