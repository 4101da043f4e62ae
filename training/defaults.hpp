// The settings each model trains with unless told otherwise: chosen on ML-100K u1
// (validation part carved from u1.base) and printed at the start of every run.
#pragma once

#include <string>

#include "models/model.hpp"
#include "training/trainer.hpp"

namespace recgrad {

struct TrainingSetup {
  ModelConfig model;
  TrainConfig train;
};

// Throws std::invalid_argument for a model name it does not know.
TrainingSetup default_setup(const std::string& model);

}  // namespace recgrad
