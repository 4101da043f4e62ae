// The registry: one entry per model, and everything the trainer, the evaluator, the
// model file, the CLI and the tests know of a model comes from it. A model lives in its
// own folder (models/<name>/) with a function returning its ModelSpec; registry.cpp
// lists those functions, one line per model (docs/adding-a-model.md walks through it).
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "models/model.hpp"
#include "models/options.hpp"

namespace recgrad {

struct TrainingSetup;  // training/setup.hpp

// What a default may follow in the data (training/run.cpp fills it from the training part).
struct DataScale {
  double rating_min = 0, rating_max = 0;
  std::int64_t rows = 0;     // training interactions
  std::int64_t busiest = 0;  // the most training interactions of one user or one item
};

template <class T>
using ModelFactory = std::function<std::unique_ptr<Model<T>>(const ModelConfig&, const ModelData&, std::uint64_t)>;

struct ModelSpec {
  std::string name;     // what --model takes
  std::string summary;  // one line: what it is, after whom
  Feedback feedback = Feedback::Explicit;
  // Every option the model reads, with its defaults: the model's own settings and its
  // training's (epochs, optimiser, ...). `recgrad train` refuses any other.
  std::vector<OptionSpec> options;
  bool manual_gradients = false;     // has hand-derived gradients (--grad manual)
  bool scores_unseen_items = false;  // ranks items no training interaction saw: can be tested on coldstart
  bool reads_features = false;       // built over the data's feature rows, which its model file then holds
  bool is_default = false;           // what `recgrad train` trains unless --model says otherwise (one model)
  bool is_baseline = false;          // what every trained model is compared with: one rating model (biases),
                                     // one other (pop); training/baseline.hpp
  bool squares_dim = false;          // holds a dim x dim matrix (ALS's YᵀY): counted in its memory (training/memory.hpp)

  // Builds the model, its parameters initialised, ready to train or to take saved values.
  std::function<std::unique_ptr<Recommender<float>>(const ModelConfig&, const ModelData&, std::uint64_t)> make;
  // Gradient-trained models: the same model in double, for the gradient comparison
  // (models/gradient_comparison.hpp); empty for the others.
  ModelFactory<double> make_double;
  // Options that follow from others, applied to every set of options a run is made from
  // (the full softmax draws no negatives); empty for most models.
  std::function<void(Options&)> settle = {};
  // Defaults that follow the data (mf's SGD step, widedeep's label threshold): applied to
  // the options of TrainingSetup::at_default only, before training; each change adds a line
  // to TrainingSetup::from_data. Empty for most models.
  std::function<void(TrainingSetup&, const DataScale&)> follow_data = {};

  bool gradient_trained() const { return static_cast<bool>(make_double); }
  Options default_options() const { return settled(Options(options)); }
  // `given` with the rules applied: the defaults that follow another option's choice
  // (follow_defaults: the learning rate follows the optimiser), then the model's own settle.
  Options settled(Options given) const;
  // The model's own options (OptionSpec::model_own) at their defaults: ModelConfig::own.
  Options own_defaults() const;
};

// Every option of `model` whose default follows another (OptionSpec::follows: lr follows
// optim) and that was not set takes the model's default for the chosen value, marked
// OptionSource::Followed; while the option followed is at its own default, so is the
// follower. std::invalid_argument, asking for the option, when the model has no default
// for the value chosen (plain SGD's step depends on the loss's scale: only mf declares one).
void follow_defaults(const std::string& model, Options& options);

// Where option `name` of `options` (a set of `spec`'s) came from, for the settings a run
// prints: `from` one of "default", "followed", "command line", "model file", "rule", and
// `why` in words ("mf's default", "adam's default for mf", "the full softmax draws no negatives").
struct OriginText {
  std::string from, why;
};
OriginText describe_origin(const ModelSpec& spec, const Options& options, const std::string& name);

// The factories of the two ways models are constructed: from the counts of users and
// items, or from the data (counts and feature rows).
template <template <class> class M, class T>
std::unique_ptr<Model<T>> build_from_counts(const ModelConfig& config, const ModelData& data, std::uint64_t seed) {
  return std::make_unique<M<T>>(config, data.num_users, data.num_items, seed);
}
template <template <class> class M, class T>
std::unique_ptr<Model<T>> build_from_data(const ModelConfig& config, const ModelData& data, std::uint64_t seed) {
  return std::make_unique<M<T>>(config, data, seed);
}

// Every registered model, in the registry's order.
const std::vector<ModelSpec>& model_registry();

// The entry of `name`; std::invalid_argument listing the known names otherwise.
const ModelSpec& model_spec(const std::string& name);

// The model `recgrad train` trains unless told otherwise (the one marked is_default).
const ModelSpec& default_model();

// The model a model judged as `judged_as` is compared with (marked is_baseline): the
// rating baseline (user + item biases) for Explicit, most popular for every other.
const ModelSpec& baseline_model(Feedback judged_as);

// Every registered model's name; those trained by gradient steps; those that can
// rank items never seen in training (the only ones a cold-start split can test).
std::vector<std::string> model_names();
std::vector<std::string> gradient_model_names();
std::vector<std::string> cold_start_model_names();

// A gradient-trained model by name, in float or double.
template <class T>
std::unique_ptr<Model<T>> make_model(const std::string& name, const ModelConfig& config, const ModelData& data,
                                     std::uint64_t seed);

}  // namespace recgrad
