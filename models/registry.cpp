#include "models/registry.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>

#include "data/dataset.hpp"

// Every model, one line each: X(function) names the function in the model's folder
// that returns its ModelSpec.
#define RECGRAD_MODELS(X) \
  X(mf_spec) X(lmf_spec) X(bpr_spec) X(als_spec) X(lmf_full_spec) X(fm_spec) X(fm_bpr_spec) X(widedeep_spec) \
  X(hybrid_spec) X(softmax_spec) X(pop_spec) X(itemknn_spec) X(biases_spec)

namespace recgrad {

#define RECGRAD_DECLARE(spec) ModelSpec spec();
RECGRAD_MODELS(RECGRAD_DECLARE)
#undef RECGRAD_DECLARE

ModelData model_data(const data::Dataset& ds) {
  return {ds.num_users(), ds.num_items(), &ds.user_features, &ds.item_features};
}

const std::vector<ModelSpec>& model_registry() {
#define RECGRAD_ENTRY(spec) spec(),
  static const std::vector<ModelSpec> all = {RECGRAD_MODELS(RECGRAD_ENTRY)};
#undef RECGRAD_ENTRY
  return all;
}

const ModelSpec& model_spec(const std::string& name) {
  for (const ModelSpec& s : model_registry())
    if (s.name == name) return s;
  std::string known;
  for (const ModelSpec& s : model_registry()) known += (known.empty() ? "" : ", ") + s.name;
  throw std::invalid_argument("unknown model '" + name + "' (expected one of " + known + ")");
}

void follow_defaults(const std::string& model, Options& options) {
  for (const OptionSpec& o : options.specs()) {
    if (o.follows.empty() || options.is_set(o.name)) continue;
    if (!options.is_set(o.follows)) {
      options.set(o.name, o.fallback, {OptionSource::Default});
      continue;
    }
    const std::string& chosen = options.text(o.follows);
    const auto entry = std::find_if(o.default_for.begin(), o.default_for.end(),
                                    [&](const auto& e) { return e.first == chosen; });
    if (entry != o.default_for.end()) {
      options.set(o.name, entry->second, {OptionSource::Followed});
      continue;
    }
    std::string known;
    for (const auto& [value, _] : o.default_for) known += (known.empty() ? "" : ", ") + value;
    throw std::invalid_argument("--" + o.follows + " " + chosen + ": " + model + " has no default --" + o.name +
                                " for it (it has one for " + known + "); give --" + o.name);
  }
}

OriginText describe_origin(const ModelSpec& spec, const Options& options, const std::string& name) {
  const OptionOrigin& o = options.origin(name);
  switch (o.source) {
    case OptionSource::Default:
      return {"default", spec.name + "'s default"};
    case OptionSource::Followed:
      return {"followed", options.text(options.spec(name).follows) + "'s default for " + spec.name};
    case OptionSource::CommandLine:
      return {"command line", "given"};
    case OptionSource::ModelFile:
      return {"model file", "the resumed model's"};
    case OptionSource::Rule:
      return {"rule", o.why};
  }
  return {};
}

Options ModelSpec::settled(Options given) const {
  follow_defaults(name, given);
  if (settle) settle(given);
  return given;
}

Options ModelSpec::own_defaults() const {
  std::vector<OptionSpec> own;
  for (const OptionSpec& o : options)
    if (o.model_own) own.push_back(o);
  const Options all = default_options();
  Options out(own);
  for (const OptionSpec& o : own) out.set(o.name, all.value(o.name));
  return out;
}

const ModelSpec& default_model() {
  for (const ModelSpec& s : model_registry())
    if (s.is_default) return s;
  throw std::logic_error("no registered model is marked as the default");
}

const ModelSpec& baseline_model(Feedback judged_as) {
  const bool ratings = judged_as == Feedback::Explicit;
  for (const ModelSpec& s : model_registry())
    if (s.is_baseline && (s.feedback == Feedback::Explicit) == ratings) return s;
  throw std::logic_error(std::string("no registered model is marked as the baseline of the ") +
                         (ratings ? "rating" : "ranking") + " models");
}

namespace {

std::vector<std::string> names_where(bool (*keep)(const ModelSpec&)) {
  std::vector<std::string> out;
  for (const ModelSpec& s : model_registry())
    if (keep(s)) out.push_back(s.name);
  return out;
}

}  // namespace

std::vector<std::string> model_names() {
  return names_where([](const ModelSpec&) { return true; });
}
std::vector<std::string> gradient_model_names() {
  return names_where([](const ModelSpec& s) { return s.gradient_trained(); });
}
std::vector<std::string> cold_start_model_names() {
  return names_where([](const ModelSpec& s) { return s.scores_unseen_items; });
}

template <class T>
std::unique_ptr<Model<T>> make_model(const std::string& name, const ModelConfig& config, const ModelData& data,
                                     std::uint64_t seed) {
  const ModelSpec& spec = model_spec(name);
  if (!spec.gradient_trained())
    throw std::invalid_argument("model '" + name + "' is not trained by gradient steps");
  if (config.dim <= 0) throw std::invalid_argument("model: --dim must be positive, got " + std::to_string(config.dim));
  if constexpr (std::is_same_v<T, double>) {
    return spec.make_double(config, data, seed);
  } else {
    std::unique_ptr<Recommender<float>> model = spec.make(config, data, seed);
    return std::unique_ptr<Model<float>>(static_cast<Model<float>*>(model.release()));
  }
}

template std::unique_ptr<Model<float>> make_model(const std::string&, const ModelConfig&, const ModelData&,
                                                  std::uint64_t);
template std::unique_ptr<Model<double>> make_model(const std::string&, const ModelConfig&, const ModelData&,
                                                   std::uint64_t);

}  // namespace recgrad
