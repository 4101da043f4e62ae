#include "training/setup.hpp"

#include <algorithm>
#include <stdexcept>

namespace recgrad {

namespace {

// Where an option lives in a setup: how to read it and how to write it.
struct Binding {
  const char* option;
  OptionValue (*get)(const TrainingSetup&);
  void (*set)(TrainingSetup&, const OptionValue&);
};

std::int64_t as_int(const OptionValue& v) { return std::get<std::int64_t>(v); }
double as_real(const OptionValue& v) { return std::get<double>(v); }
const std::string& as_text(const OptionValue& v) { return std::get<std::string>(v); }

// clang-format off
const Binding kBindings[] = {
    {"dim", [](const TrainingSetup& s) -> OptionValue { return s.model.dim; },
            [](TrainingSetup& s, const OptionValue& v) { s.model.dim = as_int(v); }},
    {"init-std", [](const TrainingSetup& s) -> OptionValue { return s.model.init_std; },
                 [](TrainingSetup& s, const OptionValue& v) { s.model.init_std = as_real(v); }},
    {"l2", [](const TrainingSetup& s) -> OptionValue { return s.model.l2; },
           [](TrainingSetup& s, const OptionValue& v) { s.model.l2 = as_real(v); }},
    // One number, two readers: the model's confidence term and the batches' positive weights.
    {"alpha", [](const TrainingSetup& s) -> OptionValue { return s.model.alpha; },
              [](TrainingSetup& s, const OptionValue& v) { s.model.alpha = s.train.batches.confidence_alpha = as_real(v); }},
    // The label threshold of binary models: the batches and the evaluation read it too.
    {"positive-rating", [](const TrainingSetup& s) -> OptionValue { return s.model.positive_rating; },
                        [](TrainingSetup& s, const OptionValue& v) {
                          s.model.positive_rating = s.train.batches.positive_rating = as_real(v); }},
    {"epochs", [](const TrainingSetup& s) -> OptionValue { return s.train.epochs; },
               [](TrainingSetup& s, const OptionValue& v) { s.train.epochs = as_int(v); }},
    {"batch", [](const TrainingSetup& s) -> OptionValue { return s.train.batches.batch_size; },
              [](TrainingSetup& s, const OptionValue& v) { s.train.batches.batch_size = as_int(v); }},
    {"optim", [](const TrainingSetup& s) -> OptionValue { return s.train.optimizer.kind; },
              [](TrainingSetup& s, const OptionValue& v) { s.train.optimizer.kind = as_text(v); }},
    {"lr", [](const TrainingSetup& s) -> OptionValue { return s.train.optimizer.lr; },
           [](TrainingSetup& s, const OptionValue& v) { s.train.optimizer.lr = as_real(v); }},
    {"lr-decay", [](const TrainingSetup& s) -> OptionValue { return s.train.lr_decay; },
                 [](TrainingSetup& s, const OptionValue& v) { s.train.lr_decay = as_real(v); }},
    {"patience", [](const TrainingSetup& s) -> OptionValue { return s.train.patience; },
                 [](TrainingSetup& s, const OptionValue& v) { s.train.patience = as_int(v); }},
    {"refit", [](const TrainingSetup& s) -> OptionValue { return s.train.refit; },
              [](TrainingSetup& s, const OptionValue& v) { s.train.refit = std::get<bool>(v); }},
    {"metric", [](const TrainingSetup& s) -> OptionValue { return s.train.metric; },
               [](TrainingSetup& s, const OptionValue& v) { s.train.metric = as_text(v); }},
    {"negatives", [](const TrainingSetup& s) -> OptionValue { return std::int64_t{s.train.batches.negatives}; },
                  [](TrainingSetup& s, const OptionValue& v) {
                    s.train.batches.negatives = static_cast<std::int32_t>(as_int(v)); }},
    {"sampler", [](const TrainingSetup& s) -> OptionValue { return s.train.batches.sampler; },
                [](TrainingSetup& s, const OptionValue& v) { s.train.batches.sampler = as_text(v); }},
    {"sampling-alpha", [](const TrainingSetup& s) -> OptionValue { return s.train.batches.sampling_alpha; },
                       [](TrainingSetup& s, const OptionValue& v) { s.train.batches.sampling_alpha = as_real(v); }},
    {"max-history", [](const TrainingSetup& s) -> OptionValue { return std::int64_t{s.train.batches.max_history}; },
                    [](TrainingSetup& s, const OptionValue& v) {
                      s.train.batches.max_history = static_cast<std::int32_t>(as_int(v)); }},
};
// clang-format on

const Binding& binding(const std::string& option) {
  for (const Binding& b : kBindings)
    if (option == b.option) return b;
  // A model declared an option nothing reads: a bug in its registry entry, not bad input.
  throw std::logic_error("option --" + option + " is declared but has no place in a training setup");
}

}  // namespace

TrainingSetup setup_from_options(const ModelSpec& spec, const Options& given) {
  const Options options = spec.settled(given);
  TrainingSetup s;
  s.model.own = spec.own_defaults();
  for (const OptionSpec& o : options.specs()) {
    if (o.model_own) s.model.own.set(o.name, options.value(o.name));
    else binding(o.name).set(s, options.value(o.name));
    if (!options.is_set(o.name)) s.at_default.push_back(o.name);
  }
  return s;
}


Options options_of(const ModelSpec& spec, const TrainingSetup& setup) {
  Options out(spec.options);
  for (const OptionSpec& o : spec.options)
    out.set(o.name, o.model_own ? setup.model.own.value(o.name) : binding(o.name).get(setup));
  return out;
}

TrainingSetup default_setup(const std::string& model) {
  const ModelSpec& spec = model_spec(model);
  return setup_from_options(spec, spec.default_options());
}

}  // namespace recgrad
