// The options many models share, declared once with their help and ranges; a model's
// spec lists the ones it reads with its own defaults. Options only one model reads are
// declared in that model's folder.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "models/options.hpp"

namespace recgrad::option {

// The model's shape and penalty.
OptionSpec dim(std::int64_t fallback);
OptionSpec init_std(double fallback);
OptionSpec l2(double fallback);
OptionSpec alpha(double fallback, const std::string& help);
// The smallest rating that counts as a positive. A binary model (widedeep) labels its
// examples by it; an implicit model takes it as "all" (every interaction is a positive, the
// default) or a number: the interactions rated below it are left out of every part of the
// split (training/run.hpp, positive_part), so the model neither learns them nor is tested
// on them, as LightFM's min_rating and implicit's examples do.
OptionSpec positive_rating(double fallback);
OptionSpec implicit_positive_rating();

// Its training.
OptionSpec epochs(std::int64_t fallback);
OptionSpec batch(std::int64_t fallback);
OptionSpec optim(const std::string& fallback);
OptionSpec lr(double fallback);  // follows nothing; minibatch_training's follows --optim
// The step an adaptive optimiser ("adam", "adagrad") starts from for a model without one
// of its own; 0 for another.
double adaptive_lr(const std::string& optim);
OptionSpec lr_decay(double fallback);
OptionSpec patience(std::int64_t fallback);
OptionSpec refit(bool fallback);
OptionSpec metric();
OptionSpec negatives(std::int64_t fallback);
OptionSpec sampling_alpha(double fallback);

// The options of minibatch training (epochs, batch, optim, lr, lr-decay, patience,
// refit, metric) with a model's defaults.
struct MinibatchDefaults {
  std::int64_t epochs = 20;
  std::int64_t batch = 1024;
  std::string optim = "adagrad";
  double lr = 0.1;  // for `optim`
  double lr_decay = 1.0;
  std::int64_t patience = 5;
  bool refit = false;
  // The learning rate for the other optimisers where the model has its own (mf's Adam and
  // AdaGrad steps); an adaptive one otherwise takes the shared starting point
  // (adaptive_lr), plain SGD none: its step depends on the loss's scale, so --lr is asked for.
  std::vector<std::pair<std::string, double>> lr_for = {};
};
std::vector<OptionSpec> minibatch_training(const MinibatchDefaults& defaults);

// `first` followed by `then`: a model's own options, then its training's.
std::vector<OptionSpec> join(std::vector<OptionSpec> first, const std::vector<OptionSpec>& then);

}  // namespace recgrad::option
