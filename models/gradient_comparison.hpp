// Manual vs automatic vs numeric gradients of a model, on one random batch (or, for
// lmf-full, its whole-matrix loss) in double.
// Serves the tests, `recgrad gradcheck --model M` and the teaching examples.
#pragma once

#include <string>
#include <vector>

#include "autodiff/gradcheck.hpp"
#include "models/model.hpp"

namespace recgrad {

struct ParamComparison {
  std::string name;
  double auto_vs_manual_rel = 0;   // relative difference of the two analytic gradients (0 without a manual path)
  double auto_vs_numeric_rel = 0;  // of the tape's gradient against finite differences
  std::int64_t sampled_coords = 0;   // chosen for the finite-difference check
  std::int64_t numeric_coords = 0;   // of them, compared with finite differences
  std::int64_t shifted_coords = 0;   // of those, at a point moved away from a ReLU's kink
  std::int64_t kink_coords = 0;      // left out: every shift still crossed a kink
  std::int64_t required_coords = 0;  // the coverage minimum (GradCheckOptions::min_coverage)
  bool coverage_ok = true;           // numeric_coords >= required_coords
};

struct GradientComparison {
  std::string model;
  bool has_manual = true;  // false: the model has only the tape's gradients, checked against numeric ones
  double loss_auto = 0, loss_manual = 0;
  std::vector<ParamComparison> params;
  bool ok = false;  // every difference (and the two losses' relative gap) within tolerance, coverage met
};

struct ComparisonOptions {
  // The model's size: at most these (a small synthetic data set supplies the users' and
  // items' feature rows, and leaves out any it gave no interaction).
  Id num_users = 30;
  Id num_items = 40;
  std::int64_t batch = 64;  // with repeated users and items, as in real batches
  std::uint64_t seed = 7;
  double tolerance = 1e-6;
  // Moves away from a ReLU's kink before a coordinate is skipped (0: skip at once, as
  // the check did before moving; GradCheckOptions::max_shifts).
  int max_shifts = GradCheckOptions{}.max_shifts;
};

// `model`: one of gradient_checked_model_names(). A batch model is compared on one random
// batch; lmf-full, which trains on the whole user x item matrix, on that whole loss.
GradientComparison compare_model_gradients(const std::string& model, const ModelConfig& config,
                                           const ComparisonOptions& options = {});

// The small configuration `recgrad gradcheck --model M` and the examples check: every
// term of the loss on (L2, lmf's confidence weights, fm's id-free copies, widedeep's
// dropout), the model's own options at their defaults otherwise, and quick in double.
ModelConfig gradient_check_config(const std::string& model);

// model_names() and lmf-full: every model with a gradient path.
const std::vector<std::string>& gradient_checked_model_names();

}  // namespace recgrad
