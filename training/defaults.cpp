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
    // Plain SGD on the batch-mean loss: lr 40 at batch 1024 is a step of about 0.04
    // per rating, shrinking by 15% an epoch, as in classic per-rating SGD for MF. Once
    // validation has chosen the epoch count, the model is refitted on all of train.
    s.model.dim = 64;
    s.model.l2 = 0.1;
    s.train.epochs = 60;
    s.train.lr_decay = 0.85;
    s.train.refit = true;
    s.train.optimizer = {.kind = "sgd", .lr = 40.0};
  } else if (model == "lmf") {
    s.model.l2 = 0.01;
    s.train.batches.negatives = 4;
    s.train.optimizer = {.kind = "adagrad", .lr = 0.1};
  } else if (model == "bpr") {
    s.model.l2 = 0.01;
    s.train.epochs = 50;
    s.train.optimizer = {.kind = "adagrad", .lr = 0.1};
  } else if (model == "als") {
    s.model.dim = 32;
    s.model.l2 = 20.0;
    s.model.alpha = 1.0;
    s.model.init_std = 0.01;
    s.train.epochs = 20;
  } else if (model == "lmf-full") {
    s.model.dim = 32;
    s.model.l2 = 1.0;
    s.model.alpha = 1.0;
    s.model.init_std = 0.01;
    s.train.epochs = 60;
    s.train.optimizer = {.kind = "adagrad", .lr = 0.3};
  } else {
    throw std::invalid_argument("no training defaults for model '" + model + "'");
  }
  return s;
}

}  // namespace recgrad
