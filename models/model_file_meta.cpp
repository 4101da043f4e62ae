#include "models/model_file_meta.hpp"

#include <algorithm>

namespace recgrad::model_file {

using nlohmann::json;

json metadata_json(const std::string& type, const ModelInfo& info, const Counts& counts) {
  json model;
  if (type == "als") {
    const AlsConfig& a = info.als;
    model = {{"dim", a.dim}, {"l2", a.l2}, {"alpha", a.alpha}, {"cg_steps", a.cg_steps}, {"init_std", a.init_std}};
  } else {
    const ModelConfig& c = info.config;
    model = {{"dim", c.dim},
             {"init_std", c.init_std},
             {"l2", c.l2},
             {"alpha", c.alpha},
             {"global_mean", c.global_mean},
             {"rating_min", c.rating_min},
             {"rating_max", c.rating_max},
             {"positive_rating", c.positive_rating},
             {"softmax", c.softmax},
             {"fields", c.fields},
             {"id_free_copies", c.id_free_copies}};
  }
  const TrainingRecord& t = info.training;
  json training = {{"epochs_done", t.epochs_done},
                   {"seed", t.seed},
                   {"data", t.data},
                   {"split", t.split},
                   {"refit", t.refit},
                   {"refitted", t.refitted},
                   {"metric", t.metric},
                   {"patience", t.patience},
                   {"validation_fraction", t.validation_fraction},
                   {"lr_decay", t.lr_decay},
                   {"batch_size", t.batch_size},
                   {"negatives", t.negatives},
                   {"sampling_alpha", t.sampling_alpha},
                   {"confidence_alpha", t.confidence_alpha}};
  json optimizer = nullptr;
  if (t.optimizer) {
    const OptimizerConfig& o = t.optimizer->config;
    optimizer = {{"kind", o.kind},   {"lr", o.lr},       {"l2", o.l2},   {"momentum", o.momentum},
                 {"beta1", o.beta1}, {"beta2", o.beta2}, {"eps", o.eps}, {"initial_accumulator", o.initial_accumulator},
                 {"steps", t.optimizer->steps}};
  }
  return {{"type", type},
          {"model", model},
          {"training", training},
          {"optimizer", optimizer},
          {"counts",
           {{"users", counts.users},
            {"items", counts.items},
            {"titles", counts.titles},
            {"parameters", counts.parameters},
            {"optimizer_state", counts.optimizer_state},
            {"model_state", counts.model_state}}}};
}

namespace {

// Reads typed keys of one JSON object, naming the key of any that is missing or has
// the wrong type.
class Fields {
 public:
  Fields(const json& parent, const char* key, const std::filesystem::path& path) : path_(path), name_(key) {
    const auto it = parent.find(key);
    if (it == parent.end() || !it->is_object()) fail("is missing or not an object");
    object_ = &*it;
  }
  template <class T>
  void get(const char* key, T& out) const {
    const auto it = object_->find(key);
    if (it == object_->end()) fail(std::string("has no '") + key + "'");
    try {
      out = it->get<T>();
    } catch (const json::exception&) {
      fail(std::string("'") + key + "' has the wrong type: " + it->dump());
    }
    // get<int>() of 1.5 truncates: a number meant as an integer must be one.
    if constexpr (std::is_integral_v<T> && !std::is_same_v<T, bool>)
      if (!it->is_number_integer()) fail(std::string("'") + key + "' is not an integer: " + it->dump());
  }

 private:
  [[noreturn]] void fail(const std::string& what) const {
    throw ModelFileError(path_.string() + ": bad model file: metadata '" + name_ + "' " + what);
  }
  const std::filesystem::path& path_;
  std::string name_;
  const json* object_ = nullptr;
};

}  // namespace

Metadata read_metadata(std::string_view text, ModelInfo& info, const std::filesystem::path& path,
                       std::uint32_t version) {
  json meta;
  try {
    meta = json::parse(text);
  } catch (const json::exception& e) {
    throw ModelFileError(path.string() + ": bad model file: metadata is not JSON: " + e.what());
  }
  if (!meta.is_object() || !meta.contains("type") || !meta["type"].is_string())
    throw ModelFileError(path.string() + ": bad model file: metadata names no model type");
  Metadata out;
  out.type = meta["type"].get<std::string>();
  const auto& types = model_file_types();
  if (std::find(types.begin(), types.end(), out.type) == types.end())
    throw ModelFileError(path.string() + ": model file holds an unknown model type '" + out.type + "'");

  const Fields model(meta, "model", path);
  if (out.type == "als") {
    AlsConfig& a = info.als;
    model.get("dim", a.dim);
    model.get("l2", a.l2);
    model.get("alpha", a.alpha);
    model.get("cg_steps", a.cg_steps);
    model.get("init_std", a.init_std);
  } else {
    ModelConfig& c = info.config;
    model.get("dim", c.dim);
    model.get("init_std", c.init_std);
    model.get("l2", c.l2);
    model.get("alpha", c.alpha);
    model.get("global_mean", c.global_mean);
    model.get("rating_min", c.rating_min);
    model.get("rating_max", c.rating_max);
    if (version >= 2) {  // settings version 2 added (widedeep, fm; softmax's too, for when its files come)
      model.get("positive_rating", c.positive_rating);
      model.get("softmax", c.softmax);
      model.get("fields", c.fields);
      model.get("id_free_copies", c.id_free_copies);
    }
  }

  TrainingRecord& t = info.training;
  const Fields training(meta, "training", path);
  training.get("epochs_done", t.epochs_done);
  training.get("seed", t.seed);
  training.get("data", t.data);
  training.get("split", t.split);
  training.get("refit", t.refit);
  training.get("refitted", t.refitted);
  training.get("metric", t.metric);
  training.get("patience", t.patience);
  training.get("validation_fraction", t.validation_fraction);
  training.get("lr_decay", t.lr_decay);
  training.get("batch_size", t.batch_size);
  training.get("negatives", t.negatives);
  training.get("sampling_alpha", t.sampling_alpha);
  training.get("confidence_alpha", t.confidence_alpha);
  if (t.epochs_done < 0)
    throw ModelFileError(path.string() + ": bad model file: negative epoch count " + std::to_string(t.epochs_done));

  t.optimizer.reset();
  if (meta.contains("optimizer") && !meta["optimizer"].is_null()) {
    SavedOptimizer& s = t.optimizer.emplace();
    const Fields o(meta, "optimizer", path);
    o.get("kind", s.config.kind);
    o.get("lr", s.config.lr);
    o.get("l2", s.config.l2);
    o.get("momentum", s.config.momentum);
    o.get("beta1", s.config.beta1);
    o.get("beta2", s.config.beta2);
    o.get("eps", s.config.eps);
    o.get("initial_accumulator", s.config.initial_accumulator);
    o.get("steps", s.steps);
    if (s.steps < 0)
      throw ModelFileError(path.string() + ": bad model file: negative optimiser step count " + std::to_string(s.steps));
  }

  const Fields counts(meta, "counts", path);
  counts.get("users", out.counts.users);
  counts.get("items", out.counts.items);
  counts.get("titles", out.counts.titles);
  counts.get("parameters", out.counts.parameters);
  counts.get("optimizer_state", out.counts.optimizer_state);
  if (version >= 2) counts.get("model_state", out.counts.model_state);
  return out;
}

}  // namespace recgrad::model_file
