#include "io/model_file_meta.hpp"

#include <stdexcept>

#include "models/registry.hpp"
#include "training/setup.hpp"

namespace recgrad::model_file {

using nlohmann::json;

json metadata_json(const std::string& type, const ModelInfo& info, const Counts& counts) {
  const ModelConfig& c = info.config;
  const TrainingRecord& t = info.training;
  json optimizer = nullptr;
  if (t.optimizer) {
    const OptimizerConfig& o = t.optimizer->config;
    optimizer = {{"kind", o.kind},   {"lr", o.lr},       {"l2", o.l2},   {"momentum", o.momentum},
                 {"beta1", o.beta1}, {"beta2", o.beta2}, {"eps", o.eps}, {"initial_accumulator", o.initial_accumulator},
                 {"steps", t.optimizer->steps}};
  }
  return {{"type", type},
          {"options", info.options.to_json()},
          {"statistics", {{"global_mean", c.global_mean}, {"rating_min", c.rating_min}, {"rating_max", c.rating_max}}},
          {"training",
           {{"epochs_done", t.epochs_done},
            {"seed", t.seed},
            {"data", t.data},
            {"split", t.split},
            {"refitted", t.refitted},
            {"validation_fraction", t.validation_fraction}}},
          {"test", {{"k", info.test.k}}},
          {"optimizer", optimizer},
          {"counts",
           {{"users", counts.users},
            {"items", counts.items},
            {"titles", counts.titles},
            {"tensors", counts.tensors},
            {"optimizer_state", counts.optimizer_state},
            {"model_state", counts.model_state},
            {"history", counts.history},
            {"cold_items", counts.cold_items}}}};
}

Fields::Fields(const json& parent, const char* key, const std::filesystem::path& path) : path_(path), name_(key) {
  const auto it = parent.find(key);
  if (it == parent.end() || !it->is_object()) fail("is missing or not an object");
  object_ = &*it;
}

void Fields::fail(const std::string& what) const {
  throw ModelFileError(path_.string() + ": bad model file: metadata '" + name_ + "' " + what);
}

namespace {

void read_optimizer(const json& meta, TrainingRecord& t, const std::filesystem::path& path) {
  t.optimizer.reset();
  if (!meta.contains("optimizer") || meta["optimizer"].is_null()) return;
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
  if (s.steps < 0) o.fail("has a negative step count " + std::to_string(s.steps));
}

void read_training(const json& meta, TrainingRecord& t, const std::filesystem::path& path) {
  const Fields training(meta, "training", path);
  training.get("epochs_done", t.epochs_done);
  training.get("seed", t.seed);
  training.get("data", t.data);
  training.get("split", t.split);
  training.get("refitted", t.refitted);
  training.get("validation_fraction", t.validation_fraction);
  if (t.epochs_done < 0) training.fail("has a negative epoch count " + std::to_string(t.epochs_done));
}

Counts read_counts(const json& meta, const std::filesystem::path& path, std::uint32_t version) {
  Counts out;
  const Fields counts(meta, "counts", path);
  counts.get("users", out.users);
  counts.get("items", out.items);
  counts.get("titles", out.titles);
  counts.get(version >= 3 ? "tensors" : "parameters", out.tensors);
  counts.get("optimizer_state", out.optimizer_state);
  if (version >= 2) counts.get("model_state", out.model_state);
  if (version >= 3) {
    counts.get("history", out.history);
    counts.get("cold_items", out.cold_items);
  }
  return out;
}

// The options and what the data decided; the model's config follows from both.
void read_settings(const json& meta, const ModelSpec& spec, ModelInfo& info, const std::filesystem::path& path,
                   std::uint32_t version) {
  const bool legacy = version < 3;
  const Fields stats(meta, legacy ? "model" : "statistics", path);
  if (legacy) {
    info.options = legacy_options(spec.name, stats, Fields(meta, "training", path), meta.value("optimizer", json()));
  } else {
    try {
      info.options = Options::from_json(spec.options, meta.at("options"));
    } catch (const std::exception& e) {
      throw ModelFileError(path.string() + ": bad model file: metadata 'options': " + e.what());
    }
  }
  info.config = setup_from_options(spec, info.options).model;
  if (!legacy || stats.has("global_mean")) {  // version 1 and 2 ALS files had none
    stats.get("global_mean", info.config.global_mean);
    stats.get("rating_min", info.config.rating_min);
    stats.get("rating_max", info.config.rating_max);
  }
  if (!legacy) Fields(meta, "test", path).get("k", info.test.k);
}

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
  const ModelSpec* spec = nullptr;
  try {
    spec = &model_spec(out.type);
  } catch (const std::invalid_argument&) {
    throw ModelFileError(path.string() + ": model file holds an unknown model type '" + out.type + "'");
  }
  read_settings(meta, *spec, info, path, version);
  read_training(meta, info.training, path);
  read_optimizer(meta, info.training, path);
  out.counts = read_counts(meta, path, version);
  return out;
}

}  // namespace recgrad::model_file
