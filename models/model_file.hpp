// Model files: one versioned binary format for the models (mf, lmf, bpr, als, fm, fm-bpr,
// hybrid, widedeep; not yet softmax), holding
// what it takes to use the model without its training run (the raw user and item ids
// and the titles, so that output speaks in the data's terms) and to continue training
// it (the settings, the optimiser's state and the number of epochs done).
//
// Layout, version 2 (integers little-endian; models/model_file_format.hpp has the
// byte-level details):
//
//   magic "\x89RGM\r\n\x1a\n" | u32 version | u64 file size
//   metadata      u64 length + JSON text: type, model settings, training record,
//                 optimiser settings and step count, the counts of what follows
//   users, items  the raw ids in index order (u32 count, then u32 length + bytes each)
//   titles        one per item, or none
//   features      user rows then item rows, each a data::FeatureMatrix: u64 rows,
//                 rows + 1 u64 offsets, u64 entries, u32 ids, float32 weights, u32 field
//                 count and per field (name, u32 first, u32 count), the feature names.
//                 Empty (0 rows) but for the models built from them (fm, fm-bpr,
//                 hybrid, widedeep), which are rebuilt from them on load
//   parameters    u32 count, then per tensor: name, u64 rows, u64 cols, float32 data
//   optimiser     the optimiser's state tensors by name, the same way (none for ALS)
//   model state   state that is not a parameter, as named tensors the same way: fm's
//                 "trained_features" [factor rows x 1], 1 for each feature training read
//   checksum      xxhash64 (seed 0) of every byte before it
//
// Version 1 lacked the features and model state sections and the metadata's
// positive_rating, softmax, fields, id_free_copies and model_state count; it held only
// mf, lmf, bpr and als, and is still read.
//
// The settings are JSON (as safetensors does for its header) because they are small,
// worth reading with `strings`, and JSON keeps every double and 64-bit seed exact; the
// bulk (ids, titles, tensors) is binary. Titles stay binary because MovieLens titles
// are not UTF-8. Files are written atomically (data/atomic_file.hpp): a crash or an
// error leaves any earlier file in place. Loading checks everything and throws
// ModelFileError naming the file and what is wrong with it.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "autodiff/tensor.hpp"
#include "data/dataset.hpp"
#include "data/id_map.hpp"
#include "models/als/als.hpp"
#include "models/model.hpp"
#include "optim/optimizer.hpp"

namespace recgrad {

struct ModelFileError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct NamedTensor {
  std::string name;
  Tensor<float> value;
};

// An optimiser between two runs: its settings (lr is the rate the next step would use,
// after every decay so far), the steps it has taken and its state tensors, named as
// Optimizer::state() names them ("item_factors.sum_sq").
struct SavedOptimizer {
  OptimizerConfig config;
  std::int64_t steps = 0;
  std::vector<NamedTensor> state;
};

// How the saved parameters came about: what resuming needs to carry on as if training
// had never stopped, and what `eval` needs to find the same test part again.
struct TrainingRecord {
  std::int64_t epochs_done = 0;  // epochs (ALS: sweeps) the saved parameters have had
  std::uint64_t seed = 0;        // of the split, the validation part and the sampling
  std::string data;              // the data set's name, for messages
  std::string split;             // the split trained on
  bool refit = false;            // the setting: retrain on train + validation after selection
  bool refitted = false;         // what happened: the parameters saw train + validation
  std::string metric;            // validation metric ("" = the model's default)
  std::int64_t patience = 0;
  double validation_fraction = 0.05;
  double lr_decay = 1.0;
  std::int64_t batch_size = 1024;
  std::int32_t negatives = 0;
  double sampling_alpha = 0.0;
  double confidence_alpha = 0.0;
  std::optional<SavedOptimizer> optimizer;  // none for ALS
};

// Everything a model file holds besides the parameters.
struct ModelInfo {
  ModelConfig config;  // mf, lmf, bpr: the settings the model was built with (MF's mean and range included)
  AlsConfig als;       // als
  TrainingRecord training;
  data::IdMap users, items;         // raw ids in index order
  std::vector<std::string> titles;  // one per item, or empty when the data had none
  // fm, fm-bpr, hybrid, widedeep: the feature rows the model was built over (the
  // data's); the other models read none and their files hold none.
  data::FeatureMatrix user_features, item_features;
};

struct SavedModel : ModelInfo {
  std::filesystem::path path;                  // where it was loaded from
  std::unique_ptr<Recommender<float>> model;   // rebuilt, with the file's parameters

  std::string type() const { return model->name(); }
  Model<float>* gradient_model() const;  // null for ALS
  ImplicitAls* als_model() const;        // null for the gradient models
  std::string item_label(Id item) const; // the title if there is one, else the raw id
};

// The model types a file can hold: model_names() and "als", but softmax.
const std::vector<std::string>& model_file_types();

// Whether a file of this model type holds the feature rows (ModelInfo::user_features).
bool model_file_holds_features(std::string_view type);

// Writes `model` (type model.name()) with `info` to `path`, atomically. The parameter
// values and optimiser state are checked as they are written: a NaN or infinity
// aborts the save (ModelFileError), leaving any earlier file untouched.
void save_model(const std::filesystem::path& path, const Recommender<float>& model, const ModelInfo& info);

// Reads and checks a model file; with `expected_type`, a file holding another type of
// model is an error too.
SavedModel load_model(const std::filesystem::path& path, std::string_view expected_type = {});

// Throws std::invalid_argument unless `ds` has the model's users and items, with the
// same raw ids at the same indices (a model's rows mean nothing for other data).
void require_same_ids(const SavedModel& saved, const data::Dataset& ds);

// The parameters of a model by name, as save_model writes them.
std::vector<std::pair<std::string, const Tensor<float>*>> model_parameters(const Recommender<float>& model);

}  // namespace recgrad
