// Model files: one versioned binary format for every registered model, holding what it
// takes to answer as the run that trained it did, without that run's data:
//   - the model's declared options (models/registry.hpp), what the data decided (the
//     training ratings' mean and range) and its tensors, from which it is rebuilt;
//   - the raw user and item ids and the titles, so that output speaks in the data's terms;
//   - each user's interactions outside the test part, in time order: the items a served
//     list leaves out, and a next-item model's latest context;
//   - how train tested it (the split, its seed and held-out items, the candidates), so
//     that `recgrad eval` repeats the test;
//   - what resuming needs: the optimiser's state and the number of epochs done.
//
// Layout, version 3 (integers little-endian; io/model_file_format.hpp has the
// byte-level details):
//
//   magic "\x89RGM\r\n\x1a\n" | u32 version | u64 file size
//   metadata      u64 length + JSON text: type, options, statistics, training record,
//                 test record, optimiser settings and step count, the counts of what follows
//   users, items  the raw ids in index order (u32 count, then u32 length + bytes each)
//   titles        one per item, or none
//   features      user rows then item rows, each a data::FeatureMatrix: u64 rows,
//                 rows + 1 u64 offsets, u64 entries, u32 ids, float32 weights, u32 field
//                 count and per field (name, u32 first, u32 count), the feature names.
//                 Empty (0 rows) but for the models built from them (ModelSpec::reads_features)
//   tensors       u32 count, then per tensor: name, u64 rows, u64 cols, float32 data
//   optimiser     the optimiser's state tensors by name, the same way (none for sweep models)
//   model state   Recommender::extra_state() as named tensors the same way (fm's
//                 "trained_features")
//   history       u64 users + 1 offsets, then u32 item indices: each user's non-test items
//   cold items    u32 count, then u32 item indices: the items a cold-start split held out
//   checksum      xxhash64 (seed 0) of every byte before it
//
// Versions 1 and 2 lacked the history and cold items, and kept the settings as fixed
// keys rather than the model's options; they are still read (io/model_file_meta.cpp
// maps their keys onto options), and a model read from them cannot be served or
// evaluated without --data.
//
// The settings are JSON (as safetensors does for its header) because they are small,
// worth reading with `strings`, and JSON keeps every double and 64-bit seed exact; the
// bulk (ids, titles, tensors) is binary. Titles stay binary because MovieLens titles
// are not UTF-8. Files are written atomically (io/atomic_file.hpp): a crash or an
// error leaves any earlier file in place. Loading checks everything and throws
// ModelFileError naming the file and what is wrong with it.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "autodiff/tensor.hpp"
#include "data/dataset.hpp"
#include "data/id_map.hpp"
#include "data/sequences.hpp"
#include "models/model.hpp"
#include "models/options.hpp"
#include "optim/saved_optimizer.hpp"

namespace recgrad {

struct ModelFileError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// How the saved tensors came about: what resuming needs to carry on as if training had
// never stopped.
struct TrainingRecord {
  std::int64_t epochs_done = 0;  // epochs (sweeps) the saved tensors have had
  std::uint64_t seed = 0;        // of the split, the validation part and the sampling
  std::string data;              // the data set's name, for messages
  std::string split;             // the split trained on
  bool refitted = false;         // the parameters saw train + validation
  double validation_fraction = 0.05;
  std::optional<SavedOptimizer> optimizer;  // none for sweep models
};

// How train tested the model: what eval repeats. The split is rebuilt from the data,
// its name and seed; a cold-start split's held-out items are recorded to check that
// the rebuilt split holds out the same ones.
struct TestRecord {
  std::int32_t k = 10;
  std::vector<std::int32_t> cold_items;  // ascending item indices; empty: every item is a candidate
  bool recorded = false;                 // false for files before version 3
};

// Everything a model file holds besides the tensors.
struct ModelInfo {
  Options options;     // the model's declared options, as trained
  ModelConfig config;  // what the model was built with: the options' model part and the ratings' statistics
  TrainingRecord training;
  TestRecord test;
  data::IdMap users, items;         // raw ids in index order
  std::vector<std::string> titles;  // one per item, or empty when the data had none
  // The feature rows the model was built over, for ModelSpec::reads_features (empty otherwise).
  data::FeatureMatrix user_features, item_features;
  data::UserSequences history;  // per user, the items outside the test part, in time order
  bool has_history = false;     // false for files before version 3
};

struct SavedModel : ModelInfo {
  std::filesystem::path path;                  // where it was loaded from
  std::unique_ptr<Recommender<float>> model;   // rebuilt, with the file's tensors

  std::string type() const { return model->name(); }
  std::string item_label(Id item) const;  // the title if there is one, else the raw id
  // The title, or "" without titles: lists print the id beside it, so never the id twice.
  std::string item_title(Id item) const;
  // Each user's non-test items as a set, to leave out of served lists; throws
  // std::invalid_argument for a file too old to hold them.
  data::UserItems seen_items() const;
};

// Writes `model` (type model.name()) with `info` to `path`, atomically. The parameter
// values and optimiser state are checked as they are written: a NaN or infinity
// aborts the save (ModelFileError), leaving any earlier file untouched.
void save_model(const std::filesystem::path& path, Recommender<float>& model, const ModelInfo& info);

// Reads and checks a model file; with `expected_type`, a file holding another type of
// model is an error too.
SavedModel load_model(const std::filesystem::path& path, std::string_view expected_type = {});
// The same over a whole file's bytes already in memory; `path` names it in messages.
SavedModel load_model_from_bytes(std::span<const char> bytes, const std::filesystem::path& path,
                                 std::string_view expected_type = {});

// Throws std::invalid_argument unless `ds` has the model's users and items, with the
// same raw ids at the same indices (a model's rows mean nothing for other data).
void require_same_ids(const SavedModel& saved, const data::Dataset& ds);

}  // namespace recgrad
