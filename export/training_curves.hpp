// Training curves as a picture: the training loss per epoch above, the validation
// metric per epoch below, on a shared epoch axis, with the epoch selection would keep
// (the best validation value, the first on ties, as training/selection.cpp picks it)
// marked across both panels.
#pragma once

#include <string>

#include "io/training_log.hpp"

namespace recgrad {

struct CurvesOptions {
  std::string title = "Training curves";
  std::string metric;            // a validation figure of the log, e.g. "ndcg@10"
  bool lower_is_better = false;  // rmse, mae, logloss
};

// The epoch whose `values` entry is best (index into log.epochs).
std::size_t best_epoch_index(const std::vector<double>& values, bool lower_is_better);

// The SVG document; data::DataError (naming the log's file and line) when an epoch
// lacks the metric.
std::string training_curves_svg(const TrainingLog& log, const CurvesOptions& options);

}  // namespace recgrad
