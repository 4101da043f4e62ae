#include "training/defaults.hpp"

#include <stdexcept>

namespace recgrad {

TrainingSetup default_setup(const std::string& model) {
  TrainingSetup s;
  s.model.dim = 32;
  s.model.init_std = 0.1;
  s.train.epochs = 20;
  s.train.batches.batch_size = 1024;
  if (model == "mf") {
    s.model.l2 = 0.05;
    s.train.optimizer = {.kind = "adam", .lr = 0.005};
  } else if (model == "lmf") {
    s.model.l2 = 0.01;
    s.train.batches.negatives = 4;
    s.train.optimizer = {.kind = "adagrad", .lr = 0.1};
  } else if (model == "bpr") {
    s.model.l2 = 0.01;
    s.train.optimizer = {.kind = "adam", .lr = 0.01};
  } else if (model == "als") {
    s.model.dim = 32;
    s.model.l2 = 0.1;
    s.model.alpha = 10.0;
    s.model.init_std = 0.01;
    s.train.epochs = 15;
  } else {
    throw std::invalid_argument("no training defaults for model '" + model + "'");
  }
  return s;
}

}  // namespace recgrad
