#include "io/model_file_check.hpp"

#include <algorithm>
#include <cmath>

#include "models/registry.hpp"
#include "training/setup.hpp"

namespace recgrad::model_file {

std::int64_t first_non_finite(const Tensor<float>& t) {
  for (std::int64_t i = 0; i < t.size(); ++i)
    if (!std::isfinite(t.data()[i])) return i;
  return -1;
}

std::string where(const Tensor<float>& t, std::int64_t index) {
  return "row " + std::to_string(index / std::max<std::int64_t>(1, t.cols())) + ", column " +
         std::to_string(index % std::max<std::int64_t>(1, t.cols()));
}

// What is wrong with a feature matrix, as the models read one (data/features.hpp), or
// "": offsets from 0 that never decrease and end at the entry count, one weight per
// entry, fields that tile the feature ids from 0 in order, and each row's ids in range
// and sorted (fm finds an item's id as its row's first entry).
std::string feature_problem(const data::FeatureMatrix& m) {
  if (m.offsets.empty() || m.offsets.front() != 0) return "the offsets do not start at 0";
  for (std::size_t r = 1; r < m.offsets.size(); ++r)
    if (m.offsets[r] < m.offsets[r - 1]) return "the offsets decrease at row " + std::to_string(r - 1);
  if (m.offsets.back() != std::ssize(m.ids))
    return "the offsets end at " + std::to_string(m.offsets.back()) + ", not at the " + std::to_string(m.ids.size()) +
           " entries";
  if (m.weights.size() != m.ids.size())
    return std::to_string(m.weights.size()) + " weights for " + std::to_string(m.ids.size()) + " entries";
  std::int64_t next = 0;
  for (const data::FeatureField& f : m.fields) {
    if (f.first != next || f.count < 0)
      return "field '" + f.name + "' covers ids " + std::to_string(f.first) + " + " + std::to_string(f.count) +
             ", not the block from " + std::to_string(next);
    next += f.count;
  }
  if (next != m.num_features())
    return "the fields cover " + std::to_string(next) + " feature ids, the names " + std::to_string(m.num_features());
  if (m.num_rows() > 0 && m.fields.empty()) return "rows but no fields (a model needs at least the id field)";
  for (std::int32_t r = 0; r < m.num_rows(); ++r) {
    const auto ids = m.ids_of(r);
    const auto weights = m.weights_of(r);
    for (std::size_t k = 0; k < ids.size(); ++k) {
      if (ids[k] < 0 || ids[k] >= m.num_features())
        return "row " + std::to_string(r) + " has feature id " + std::to_string(ids[k]) + ", outside [0, " +
               std::to_string(m.num_features()) + ")";
      if (k > 0 && ids[k] < ids[k - 1]) return "row " + std::to_string(r) + "'s feature ids are not sorted";
      if (!std::isfinite(weights[k])) return "row " + std::to_string(r) + " has weight " + std::to_string(weights[k]);
    }
  }
  return "";
}

std::string history_problem(const data::UserSequences& h, std::int32_t users, std::int32_t items) {
  if (h.num_users() != users)
    return "it has " + std::to_string(h.num_users()) + " users, the id map " + std::to_string(users);
  if (h.offsets.front() != 0 || h.offsets.back() != std::ssize(h.items)) return "its offsets do not span its items";
  for (std::int32_t u = 0; u < users; ++u)
    if (h.offsets[u + 1] < h.offsets[u]) return "its offsets decrease at user " + std::to_string(u);
  for (const std::int32_t i : h.items)
    if (i < 0 || i >= items) return "it holds item " + std::to_string(i) + ", outside [0, " + std::to_string(items) + ")";
  return "";
}

namespace {

void check_features(const data::FeatureMatrix& m, Id rows, const char* side) {
  if (m.num_rows() != rows)
    throw ModelFileError(std::string("cannot save the model: its ") + side + " feature rows number " +
                         std::to_string(m.num_rows()) + ", the model's " + side + "s " + std::to_string(rows));
  if (const std::string problem = feature_problem(m); !problem.empty())
    throw ModelFileError(std::string("cannot save the model: its ") + side + " feature rows are unsound: " + problem);
}

// Loading rebuilds the model from the options, the statistics and the feature rows and
// reads the tensors into it: a model they would not rebuild the same is refused now,
// before a file is written that would not load.
void check_rebuilds(const ModelSpec& spec, Recommender<float>& model, const ModelInfo& info) {
  ModelConfig config = setup_from_options(spec, info.options).model;
  config.global_mean = info.config.global_mean;
  config.rating_min = info.config.rating_min;
  config.rating_max = info.config.rating_max;
  ModelData data{model.num_users(), model.num_items()};
  if (spec.reads_features) {
    data.user_features = &info.user_features;
    data.item_features = &info.item_features;
  }
  const std::unique_ptr<Recommender<float>> rebuilt = spec.make(config, data, 0);
  const NamedTensors<float> want = rebuilt->tensors(), have = model.tensors();
  if (want.size() != have.size())
    throw ModelFileError("cannot save the model: it has " + std::to_string(have.size()) +
                         " tensors, but its settings make " + std::to_string(want.size()));
  for (std::size_t t = 0; t < want.size(); ++t)
    if (want[t].first != have[t].first || want[t].second->shape() != have[t].second->shape())
      throw ModelFileError("cannot save the model: tensor '" + have[t].first + "' is " +
                           to_string(have[t].second->shape()) + " but the settings make '" + want[t].first + "' " +
                           to_string(want[t].second->shape()));
}

}  // namespace

void check_consistent(Recommender<float>& model, const ModelInfo& info) {
  const ModelSpec& spec = model_spec(model.name());
  if (info.users.size() != model.num_users() || info.items.size() != model.num_items())
    throw ModelFileError("cannot save the model: its id maps have " + std::to_string(info.users.size()) + " users and " +
                         std::to_string(info.items.size()) + " items, the model " + std::to_string(model.num_users()) +
                         " and " + std::to_string(model.num_items()));
  if (!info.titles.empty() && std::ssize(info.titles) != model.num_items())
    throw ModelFileError("cannot save the model: " + std::to_string(info.titles.size()) + " titles for " +
                         std::to_string(model.num_items()) + " items");
  if (const std::string problem = history_problem(info.history, model.num_users(), model.num_items());
      info.has_history && !problem.empty())
    throw ModelFileError("cannot save the model: its users' history is unsound: " + problem);
  for (const std::int32_t i : info.test.cold_items)
    if (i < 0 || i >= model.num_items())
      throw ModelFileError("cannot save the model: held-out item " + std::to_string(i) + " is outside the catalogue");
  if (spec.reads_features) {
    check_features(info.user_features, model.num_users(), "user");
    check_features(info.item_features, model.num_items(), "item");
  }
  check_rebuilds(spec, model, info);
}

}  // namespace recgrad::model_file
