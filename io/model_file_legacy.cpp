// Versions 1 and 2 of the model file kept a fixed set of settings under fixed keys; the
// settings are now each model's declared options. This maps the old keys onto them.
#include <tuple>

#include "io/model_file_meta.hpp"
#include "models/registry.hpp"

namespace recgrad::model_file {

namespace {

enum class Section { Model, Training, Optimizer };

// Where an option stood in versions 1 and 2.
struct LegacyKey {
  const char* option;
  Section section;
  const char* key;
};

constexpr LegacyKey kLegacyKeys[] = {
    {"dim", Section::Model, "dim"},
    {"init-std", Section::Model, "init_std"},
    {"l2", Section::Model, "l2"},
    {"alpha", Section::Model, "alpha"},
    {"positive-rating", Section::Model, "positive_rating"},
    {"softmax", Section::Model, "softmax"},
    {"fields", Section::Model, "fields"},
    {"id-free-copies", Section::Model, "id_free_copies"},
    {"batch", Section::Training, "batch_size"},
    {"lr-decay", Section::Training, "lr_decay"},
    {"patience", Section::Training, "patience"},
    {"refit", Section::Training, "refit"},
    {"metric", Section::Training, "metric"},
    {"negatives", Section::Training, "negatives"},
    {"sampling-alpha", Section::Training, "sampling_alpha"},
    {"optim", Section::Optimizer, "kind"},
};

}  // namespace

Options legacy_options(const std::string& type, const Fields& model, const Fields& training, const nlohmann::json& optimizer) {
  Options options = model_spec(type).default_options();
  for (const LegacyKey& k : kLegacyKeys) {
    if (!options.has(k.option)) continue;
    const OptionSpec& spec = options.spec(k.option);
    const Fields* fields = k.section == Section::Model ? &model : k.section == Section::Training ? &training : nullptr;
    if (fields == nullptr && (!optimizer.is_object() || !optimizer.contains(k.key))) continue;
    if (fields != nullptr && !fields->has(k.key)) continue;
    try {
      switch (spec.kind) {
        case OptionKind::Integer: {
          std::int64_t v = 0;
          fields->get(k.key, v);
          options.set(k.option, v);
          break;
        }
        case OptionKind::Real: {
          double v = 0;
          fields->get(k.key, v);
          options.set(k.option, v);
          break;
        }
        case OptionKind::Flag: {
          bool v = false;
          fields->get(k.key, v);
          options.set(k.option, v);
          break;
        }
        case OptionKind::Choice:
        case OptionKind::Text: {
          std::string v = fields != nullptr ? std::string() : optimizer.at(k.key).get<std::string>();
          if (fields != nullptr) fields->get(k.key, v);
          options.set(k.option, v);
          break;
        }
      }
    } catch (const std::invalid_argument& e) {
      model.fail(std::string("holds a setting its model refuses: ") + e.what());
    }
  }
  return options;
}

}  // namespace recgrad::model_file
