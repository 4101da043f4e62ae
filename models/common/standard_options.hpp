// The options many models share, declared once with their help and ranges; a model's
// spec lists the ones it reads with its own defaults. Options only one model reads are
// declared in that model's folder.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "models/options.hpp"

namespace recgrad::option {

// The model's shape and penalty.
OptionSpec dim(std::int64_t fallback);
OptionSpec init_std(double fallback);
OptionSpec l2(double fallback);
OptionSpec alpha(double fallback, const std::string& help);

// Its training.
OptionSpec epochs(std::int64_t fallback);
OptionSpec batch(std::int64_t fallback);
OptionSpec optim(const std::string& fallback);
OptionSpec lr(double fallback);
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
  double lr = 0.1;
  double lr_decay = 1.0;
  std::int64_t patience = 5;
  bool refit = false;
};
std::vector<OptionSpec> minibatch_training(const MinibatchDefaults& defaults);

// `first` followed by `then`: a model's own options, then its training's.
std::vector<OptionSpec> join(std::vector<OptionSpec> first, const std::vector<OptionSpec>& then);

}  // namespace recgrad::option
