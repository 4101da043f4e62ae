#include "models/common/standard_options.hpp"

#include <algorithm>

namespace recgrad::option {

namespace {

OptionSpec integer(const char* name, std::int64_t fallback, double min, const std::string& help) {
  return {.name = name, .kind = OptionKind::Integer, .fallback = fallback, .help = help, .min = min};
}

OptionSpec real(const char* name, double fallback, double min, double max, const std::string& help) {
  return {.name = name, .kind = OptionKind::Real, .fallback = fallback, .help = help, .min = min, .max = max};
}

constexpr double kInf = std::numeric_limits<double>::infinity();


OptionSpec part_of_model(OptionSpec spec) {
  spec.part_of_model = true;
  return spec;
}

}  // namespace

OptionSpec dim(std::int64_t fallback) { return part_of_model(integer("dim", fallback, 1, "Factor (embedding) size")); }
OptionSpec init_std(double fallback) {
  return part_of_model(real("init-std", fallback, 0, kInf, "Factors start as N(0, init_std^2)"));
}
OptionSpec l2(double fallback) { return part_of_model(real("l2", fallback, 0, kInf, "L2 penalty (lambda)")); }
OptionSpec alpha(double fallback, const std::string& help) {
  return part_of_model(real("alpha", fallback, 0, kInf, help));
}

namespace {
const char* const kPositiveRatingHelp =
    "The smallest rating that counts as a positive: a binary model's label; for an implicit model, the "
    "interactions it learns from and is tested on (all: every interaction)";
}  // namespace

OptionSpec positive_rating(double fallback) {
  return part_of_model(real("positive-rating", fallback, -kInf, kInf, kPositiveRatingHelp));
}
OptionSpec implicit_positive_rating() {
  OptionSpec spec = part_of_model(real("positive-rating", 0, -kInf, kInf, kPositiveRatingHelp));
  spec.fallback = std::string("all");
  spec.none_word = "all";
  spec.model_own = true;  // read from ModelConfig::own by the run (positive_part), not bound to a setting
  return spec;
}

OptionSpec epochs(std::int64_t fallback) { return integer("epochs", fallback, 1, "Most epochs (sweeps) to train"); }
OptionSpec batch(std::int64_t fallback) { return integer("batch", fallback, 1, "Examples per batch"); }
OptionSpec optim(const std::string& fallback) {
  return {.name = "optim", .kind = OptionKind::Choice, .fallback = fallback, .help = "Optimiser",
          .choices = {"sgd", "adagrad", "adam"}};
}
OptionSpec lr(double fallback) { return real("lr", fallback, 0, kInf, "Learning rate"); }
OptionSpec lr_decay(double fallback) {
  return real("lr-decay", fallback, 0, 1, "Multiply the learning rate by this after every epoch");
}
OptionSpec patience(std::int64_t fallback) {
  return integer("patience", fallback, 0, "Epochs without validation improvement before stopping (0: never stop)");
}
OptionSpec refit(bool fallback) {
  return {.name = "refit", .kind = OptionKind::Flag, .fallback = fallback,
          .help = "After selecting the epoch on validation, retrain on train + validation"};
}
OptionSpec metric() {
  return {.name = "metric", .kind = OptionKind::Text, .fallback = std::string(),
          .help = "Validation metric to select the epoch on (empty: rmse, auc or ndcg@10 by the model's feedback)"};
}
OptionSpec negatives(std::int64_t fallback) {
  return integer("negatives", fallback, 0, "Sampled negatives: per positive (pointwise models), per batch (softmax)");
}
OptionSpec sampling_alpha(double fallback) {
  return real("sampling-alpha", fallback, 0, kInf, "Negatives are drawn with probability ~ popularity^alpha");
}

double adaptive_lr(const std::string& optim) {
  // Adam and AdaGrad scale each step by the gradient's own history, so one step serves
  // many models as a start: these are the models' own defaults here (lmf, bpr, fm and
  // hybrid train with AdaGrad 0.1, softmax with Adam 0.01).
  if (optim == "adam") return 0.01;
  if (optim == "adagrad") return 0.1;
  return 0;
}

namespace {

// The learning rate, its default following the optimiser: the model's for its own
// optimiser and for those in lr_for, the shared start for the other adaptive ones.
OptionSpec lr_following_optim(const MinibatchDefaults& d) {
  OptionSpec out = lr(d.lr);
  out.follows = "optim";
  for (const std::string& o : optim(d.optim).choices) {
    const auto own = std::find_if(d.lr_for.begin(), d.lr_for.end(), [&](const auto& e) { return e.first == o; });
    if (o == d.optim) out.default_for.emplace_back(o, d.lr);
    else if (own != d.lr_for.end()) out.default_for.emplace_back(o, own->second);
    else if (adaptive_lr(o) > 0) out.default_for.emplace_back(o, adaptive_lr(o));
  }
  return out;
}

}  // namespace

std::vector<OptionSpec> minibatch_training(const MinibatchDefaults& d) {
  return {epochs(d.epochs), batch(d.batch), optim(d.optim), lr_following_optim(d), lr_decay(d.lr_decay),
          patience(d.patience), refit(d.refit), metric()};
}

std::vector<OptionSpec> join(std::vector<OptionSpec> first, const std::vector<OptionSpec>& then) {
  first.insert(first.end(), then.begin(), then.end());
  return first;
}

}  // namespace recgrad::option
