// A run's settings as the code reads them (ModelConfig for the model, TrainConfig for
// its training) and as users and model files see them (the model's declared Options,
// models/registry.hpp): one table maps each option to its place, both ways, so the two
// views cannot drift apart.
#pragma once

#include <algorithm>
#include <string>
#include <vector>

#include "models/model.hpp"
#include "models/options.hpp"
#include "models/registry.hpp"
#include "training/trainer.hpp"

namespace recgrad {

struct TrainingSetup {
  ModelConfig model;
  TrainConfig train;
  std::vector<std::string> at_default;  // the options left at their declared defaults
  std::vector<std::string> from_data;   // the defaults that followed the data, in words
  // Inline: the models' data-following defaults (ModelSpec::follow_data) read it, and the
  // models library does not link the training library.
  bool is_default(const std::string& option) const {
    return std::find(at_default.begin(), at_default.end(), option) != at_default.end();
  }
};

// The model's defaults from its registry entry; std::invalid_argument for an unknown model.
TrainingSetup default_setup(const std::string& model);

// Every option of `options` (a set of `spec`'s, settled first: ModelSpec::settle)
// written into its place in a setup that starts from the code's own defaults; the
// model's own options go to ModelConfig::own.
TrainingSetup setup_from_options(const ModelSpec& spec, const Options& options);

// The options a setup stands for: each option `spec` declares, read back from its place.
Options options_of(const ModelSpec& spec, const TrainingSetup& setup);

}  // namespace recgrad
