// Shared pieces of the model-file tests: the built-in data, short training runs
// (cached per setting, so several tests can share one), a scratch directory and raw
// file bytes.
#pragma once

#include "support/temp_dir.hpp"

#include <algorithm>
#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "data/split.hpp"
#include "data/synthetic.hpp"
#include "io/model_file_format.hpp"
#include "io/saved_run.hpp"
#include "models/registry.hpp"
#include "training/run.hpp"

namespace files_test {

using namespace recgrad;

inline const data::Dataset& builtin() {
  static const data::Dataset ds = data::builtin_dataset(0);
  return ds;
}

inline const data::Split& split() {
  static const data::Split s = data::make_split(builtin(), {.name = "random", .seed = 1});
  return s;
}

// A model's defaults, shortened: `epochs` epochs, every one of them run, one thread
// (so that two runs of the same setting do the same arithmetic).
inline TrainingSetup short_setup(const std::string& model, std::int64_t epochs) {
  TrainingSetup s = default_setup(model);
  s.train.epochs = epochs;
  s.train.patience = 0;
  s.train.threads = 1;
  s.train.seed = 7;
  return s;
}

inline RunOutcome train_short(const std::string& model, std::int64_t epochs, const std::string& optim = "") {
  TrainingSetup s = short_setup(model, epochs);
  if (!optim.empty()) s.train.optimizer = {.kind = optim, .lr = 0.01};
  return run_training(model, builtin(), split(), s, 7);
}

// Two epochs of each model, trained once per test executable.
inline const RunOutcome& trained(const std::string& model) {
  static std::map<std::string, RunOutcome> runs;
  auto it = runs.find(model);
  if (it == runs.end()) it = runs.emplace(model, train_short(model, 2)).first;
  return it->second;
}

// The first `users` users' scores (all users by default) against every item, row-major.
inline std::vector<float> all_scores(const Recommender<float>& model, Id users = -1) {
  const Id n = users < 0 ? model.num_users() : std::min(users, model.num_users());
  std::vector<float> out(static_cast<std::size_t>(n) * static_cast<std::size_t>(model.num_items()));
  model.score_users(0, n, out);
  return out;
}

inline bool same_bits(const std::vector<float>& a, const std::vector<float>& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(float)) == 0;
}

inline bool same_bits(const Tensor<float>& a, const Tensor<float>& b) {
  return a.shape() == b.shape() && std::memcmp(a.data(), b.data(), static_cast<std::size_t>(a.size()) * sizeof(float)) == 0;
}

using ScratchDir = recgrad::testing::TempDir;

inline std::vector<char> read_bytes(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

inline void write_bytes(const std::filesystem::path& path, const std::vector<char>& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

// The declared options of a `type` model built with `config` (the defaults for the rest):
// what a hand-made ModelInfo must say for its file to load as that model.
inline Options options_for(const std::string& type, const ModelConfig& config) {
  TrainingSetup s = default_setup(type);
  const Options own = s.model.own;
  s.model = config;
  if (config.own.specs().empty()) s.model.own = own;  // a config built by hand: the model's own defaults
  return options_of(model_spec(type), s);
}

// A tiny untrained lmf (dim 2, users u1-u3, items i1-i4) and a description that fits
// it: small enough to try every byte of its file.
struct TinyLmf {
  ModelConfig config{.dim = 2};
  std::unique_ptr<Model<float>> model = make_model<float>("lmf", config, ModelData{3, 4}, 5);
  ModelInfo info;
  TinyLmf() {
    info.config = config;
    info.options = options_for("lmf", config);
    for (const char* u : {"u1", "u2", "u3"}) info.users.insert(u);
    for (const char* i : {"i1", "i2", "i3", "i4"}) info.items.insert(i);
  }
};

// Saves a trained run of `model` into `dir` and returns the file's path.
inline std::filesystem::path saved_file(const ScratchDir& dir, const std::string& model) {
  const std::filesystem::path path = dir / (model + ".rgm");
  const RunOutcome& run = trained(model);
  save_model(path, *run.model, model_info(run, builtin(), split()));
  return path;
}

// The error message load_model gives for `bytes` written to `path`; "" if it loads.
inline std::string load_error(const std::filesystem::path& path, const std::vector<char>& bytes,
                       std::string_view expected_type = {}) {
  write_bytes(path, bytes);
  try {
    load_model(path, expected_type);
  } catch (const ModelFileError& e) {
    return e.what();
  }
  return "";
}

// Recomputes the checksum after a deliberate edit: the loader's later checks are reached.
inline void reseal(std::vector<char>& bytes) {
  const std::uint64_t sum = model_file::checksum(bytes.data(), bytes.size() - 8);
  for (int i = 0; i < 8; ++i) bytes[bytes.size() - 8 + i] = static_cast<char>((sum >> (8 * i)) & 0xff);
}

}  // namespace files_test
