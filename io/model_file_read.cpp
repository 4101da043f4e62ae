#include <algorithm>

#include "io/model_file.hpp"
#include "io/model_file_check.hpp"
#include "io/model_file_format.hpp"
#include "io/model_file_meta.hpp"
#include "models/next_item.hpp"
#include "models/registry.hpp"
#include "training/setup.hpp"

namespace recgrad {

using model_file::Decoder;
using model_file::feature_problem;
using model_file::first_non_finite;
using model_file::where;

namespace {

data::IdMap id_map(const std::vector<std::string>& raw, const char* what, Decoder& in) {
  data::IdMap map;
  for (std::size_t i = 0; i < raw.size(); ++i)
    if (map.insert(raw[i]) != static_cast<std::int32_t>(i)) in.fail(std::string(what) + " id '" + raw[i] + "' occurs twice");
  return map;
}

// Reads a tensor's name and shape, checking that its data fits in what is left.
std::pair<std::string, Shape> tensor_header(Decoder& in) {
  std::string name = in.string();
  const std::uint64_t rows = in.u64(), cols = in.u64();
  if (rows > (std::uint64_t{1} << 40) || cols > (std::uint64_t{1} << 40) || rows * cols > in.remaining() / 4)
    in.fail("tensor '" + name + "' claims [" + std::to_string(rows) + " x " + std::to_string(cols) +
            "] values, more than the " + std::to_string(in.remaining()) + " bytes left");
  return {std::move(name), Shape{static_cast<std::int64_t>(rows), static_cast<std::int64_t>(cols)}};
}

// Reads one side's feature rows, refusing counts the bytes left cannot hold before
// allocating for them, and then anything feature_problem finds.
data::FeatureMatrix read_features(Decoder& in) {
  data::FeatureMatrix m;
  const std::uint64_t rows = in.u64();
  if (rows >= in.remaining() / 8) in.fail(std::to_string(rows) + " rows cannot fit in the bytes left");
  m.offsets.resize(rows + 1);
  for (std::int64_t& o : m.offsets) o = static_cast<std::int64_t>(in.u64());
  const std::uint64_t entries = in.u64();
  if (entries > in.remaining() / 8) in.fail(std::to_string(entries) + " entries cannot fit in the bytes left");
  m.ids.resize(entries);
  for (std::int32_t& id : m.ids) id = static_cast<std::int32_t>(in.u32());
  m.weights.resize(entries);
  in.floats(m.weights);
  const std::uint32_t fields = in.u32();
  if (fields > in.remaining() / 12) in.fail(std::to_string(fields) + " fields cannot fit in the bytes left");
  m.fields.resize(fields);
  for (data::FeatureField& f : m.fields) {
    f.name = in.string();
    f.first = static_cast<std::int32_t>(in.u32());
    f.count = static_cast<std::int32_t>(in.u32());
  }
  m.names = in.strings();
  if (const std::string problem = feature_problem(m); !problem.empty()) in.fail(problem);
  return m;
}

// The feature rows of a version 2 file: as many as the model has users and items for
// the models that read them, none for the others.
void read_feature_section(const std::string& type, ModelInfo& info, Decoder& in) {
  const bool wanted = model_spec(type).reads_features;
  const std::pair<data::FeatureMatrix*, Id> sides[] = {{&info.user_features, info.users.size()},
                                                       {&info.item_features, info.items.size()}};
  for (const auto& [matrix, rows] : sides) {
    in.set_part(matrix == &info.user_features ? "user features" : "item features");
    *matrix = read_features(in);
    if (wanted && matrix->num_rows() != rows)
      in.fail(std::to_string(matrix->num_rows()) + " feature rows for " + std::to_string(rows) + " ids");
    if (!wanted && matrix->num_rows() != 0) in.fail("a '" + type + "' model reads no feature rows");
  }
}

std::unique_ptr<Recommender<float>> build_model(const std::string& type, const ModelInfo& info, Decoder& in) {
  const Id users = info.users.size(), items = info.items.size();
  // A guard against settings that would allocate far more than the file can fill: a
  // model with a factor size holds at least dim values per user or item. (A model
  // without one, such as pop, sizes its tensors by the counts the file already holds.)
  const std::int64_t dim = info.options.has("dim") ? info.config.dim : 1;
  if (dim <= 0 || static_cast<std::uint64_t>(dim) * static_cast<std::uint64_t>(std::min(users, items)) > in.remaining() / 4)
    in.fail("the settings (dim " + std::to_string(dim) + " for " + std::to_string(users) + " users and " +
            std::to_string(items) + " items) need more tensor data than the file holds");
  try {
    const ModelSpec& spec = model_spec(type);
    ModelData data{users, items};
    if (spec.reads_features) {
      data.user_features = &info.user_features;
      data.item_features = &info.item_features;
    }
    return spec.make(info.config, data, info.training.seed);
  } catch (const std::logic_error& e) {  // invalid_argument, or out_of_range from a missing field
    in.fail(std::string("its settings do not make a model: ") + e.what());
  }
}

void read_tensors(Recommender<float>& model, std::uint64_t count, Decoder& in) {
  const NamedTensors<float> params = model.tensors();
  std::vector<bool> seen(params.size(), false);
  if (count != params.size())
    in.fail("the file has " + std::to_string(count) + " tensors, a '" + model.name() + "' model has " +
            std::to_string(params.size()));
  for (std::uint64_t p = 0; p < count; ++p) {
    const auto [name, shape] = tensor_header(in);
    // A named capture: clang 14 cannot capture a structured binding.
    const auto it = std::find_if(params.begin(), params.end(), [&n = name](const auto& e) { return e.first == n; });
    if (it == params.end()) in.fail("a '" + model.name() + "' model has no tensor '" + name + "'");
    const std::size_t index = static_cast<std::size_t>(it - params.begin());
    if (seen[index]) in.fail("tensor '" + name + "' occurs twice");
    seen[index] = true;
    Tensor<float>& tensor = *it->second;
    if (shape != tensor.shape())
      in.fail("tensor '" + name + "' is " + to_string(shape) + " but the model's settings and id maps make it " +
              to_string(tensor.shape()));
    in.floats({tensor.data(), static_cast<std::size_t>(tensor.size())});
    if (const std::int64_t bad = first_non_finite(tensor); bad >= 0)
      in.fail("tensor '" + name + "' holds " + std::to_string(tensor.data()[bad]) + " at " + where(tensor, bad));
  }
}

// Optimiser state: each tensor belongs to a parameter ("<param>.<slot>") and has its shape.
std::vector<NamedTensor> read_optimizer_state(Recommender<float>& model, std::uint64_t count, Decoder& in) {
  std::vector<std::pair<std::string, Shape>> shapes;
  for (const auto& [name, tensor] : model.tensors()) shapes.emplace_back(name, tensor->shape());
  std::vector<NamedTensor> out;
  for (std::uint64_t s = 0; s < count; ++s) {
    auto [name, shape] = tensor_header(in);
    const auto owner = std::find_if(shapes.begin(), shapes.end(), [&n = name](const auto& e) {
      return n.size() > e.first.size() + 1 && n.compare(0, e.first.size(), e.first) == 0 && n[e.first.size()] == '.';
    });
    if (owner == shapes.end()) in.fail("optimiser state '" + name + "' belongs to no parameter of the model");
    if (shape != owner->second)
      in.fail("optimiser state '" + name + "' is " + to_string(shape) + ", its parameter " + to_string(owner->second));
    for (const NamedTensor& t : out)
      if (t.name == name) in.fail("optimiser state '" + name + "' occurs twice");
    NamedTensor& t = out.emplace_back(NamedTensor{std::move(name), Tensor<float>(shape.rows, shape.cols)});
    in.floats({t.value.data(), static_cast<std::size_t>(t.value.size())});
  }
  return out;
}

// The model state section: exactly as many tensors as the model's extra_state() has,
// with its names; their shapes may depend on the data (a list of items), so the model
// checks shapes and values as it takes them (restore_extra_state).
void read_model_state(Recommender<float>& model, std::uint64_t count, Decoder& in) {
  std::vector<StateTensor> expected = model.extra_state();
  if (count != expected.size())
    in.fail("the file has " + std::to_string(count) + " state tensors, a '" + model.name() + "' model keeps " +
            std::to_string(expected.size()));
  for (std::uint64_t s = 0; s < count; ++s) {
    const auto [name, shape] = tensor_header(in);
    const auto it = std::find_if(expected.begin(), expected.end(), [&n = name](const auto& e) { return e.name == n; });
    if (it == expected.end()) in.fail("a '" + model.name() + "' model keeps no state '" + name + "'");
    it->value = Tensor<float>(shape.rows, shape.cols);
    in.floats({it->value.data(), static_cast<std::size_t>(it->value.size())});
  }
  try {
    model.restore_extra_state(expected);
  } catch (const std::invalid_argument& e) {
    in.fail(e.what());
  }
}

// Each user's non-test items, in time order (version 3).
data::UserSequences read_history(const ModelInfo& info, Decoder& in) {
  data::UserSequences h;
  const std::uint64_t offsets = in.u64();
  if (offsets == 0) return h;  // written without a history
  if (offsets != static_cast<std::uint64_t>(info.users.size()) + 1)
    in.fail(std::to_string(offsets) + " offsets for " + std::to_string(info.users.size()) + " users");
  h.offsets.resize(offsets);
  for (std::int64_t& o : h.offsets) o = static_cast<std::int64_t>(in.u64());
  const std::int64_t entries = h.offsets.back();
  if (entries < 0 || static_cast<std::uint64_t>(entries) > in.remaining() / 4)
    in.fail(std::to_string(entries) + " history entries cannot fit in the bytes left");
  h.items.resize(static_cast<std::size_t>(entries));
  for (std::int32_t& i : h.items) i = static_cast<std::int32_t>(in.u32());
  if (const std::string p = model_file::history_problem(h, info.users.size(), info.items.size()); !p.empty())
    in.fail(p);
  return h;
}

std::vector<std::int32_t> read_cold_items(const ModelInfo& info, Decoder& in) {
  const std::uint32_t count = in.u32();
  if (count > in.remaining() / 4) in.fail(std::to_string(count) + " held-out items cannot fit in the bytes left");
  std::vector<std::int32_t> items(count);
  for (std::int32_t& i : items) {
    i = static_cast<std::int32_t>(in.u32());
    if (i < 0 || i >= info.items.size()) in.fail("held-out item " + std::to_string(i) + " is outside the catalogue");
  }
  if (!std::is_sorted(items.begin(), items.end())) in.fail("the held-out items are not in order");
  return items;
}


// The id maps and titles, checked against the metadata's counts.
void read_ids(SavedModel& saved, const model_file::Counts& counts, Decoder& in) {
  in.set_part("users");
  const std::vector<std::string> users = in.strings();
  in.set_part("items");
  const std::vector<std::string> items = in.strings();
  in.set_part("titles");
  saved.titles = in.strings();
  if (users.size() != counts.users || items.size() != counts.items || saved.titles.size() != counts.titles)
    in.fail("the id maps and titles do not have the counts the metadata states");
  if (!saved.titles.empty() && saved.titles.size() != items.size())
    in.fail(std::to_string(saved.titles.size()) + " titles for " + std::to_string(items.size()) + " items");
  if (users.empty() || items.empty()) in.fail("a model needs at least one user and one item");
  in.set_part("users");
  saved.users = id_map(users, "user", in);
  in.set_part("items");
  saved.items = id_map(items, "item", in);
}

// The optimiser's state tensors and the model's extra state.
void read_states(SavedModel& saved, const model_file::Counts& counts, std::uint32_t version, Decoder& in) {
  in.set_part("optimiser state");
  const std::uint32_t state_count = in.u32();
  if (state_count != counts.optimizer_state)
    in.fail("the file has " + std::to_string(state_count) + " state tensors, the metadata states " +
            std::to_string(counts.optimizer_state));
  std::vector<NamedTensor> state = read_optimizer_state(*saved.model, state_count, in);
  if (saved.training.optimizer)
    saved.training.optimizer->state = std::move(state);
  else if (!state.empty())
    in.fail("state tensors without optimiser settings");
  in.set_part("model state");
  const std::uint64_t model_state_count = version >= 2 ? in.u32() : 0;
  if (model_state_count != counts.model_state)
    in.fail("the file has " + std::to_string(model_state_count) + " model state tensors, the metadata states " +
            std::to_string(counts.model_state));
  read_model_state(*saved.model, model_state_count, in);
}

// What version 3 added: the users' history and the held-out items. A next-item model
// then scores each user after the latest of those items, as it did after training.
void read_serving(SavedModel& saved, const model_file::Counts& counts, Decoder& in) {
  in.set_part("history");
  saved.history = read_history(saved, in);
  saved.has_history = saved.history.num_users() == saved.users.size();
  if (saved.history.items.size() != counts.history) in.fail("the history does not have the count the metadata states");
  in.set_part("held-out items");
  saved.test.cold_items = read_cold_items(saved, in);
  if (saved.test.cold_items.size() != counts.cold_items)
    in.fail("the held-out items do not have the count the metadata states");
  saved.test.recorded = true;
  if (auto* next_item = dynamic_cast<NextItemRecommender<float>*>(saved.model.get()); next_item && saved.has_history)
    next_item->set_user_contexts(
        data::last_items(saved.history, setup_from_options(model_spec(saved.type()), saved.options).train.batches.max_history));
}

}  // namespace

SavedModel load_model(const std::filesystem::path& path, std::string_view expected_type) {
  return load_model_from_bytes(model_file::read_file(path), path, expected_type);
}

SavedModel load_model_from_bytes(std::span<const char> bytes, const std::filesystem::path& path,
                                 std::string_view expected_type) {
  std::uint32_t version = 0;
  Decoder in(model_file::checked_body(bytes, path, &version), path);
  SavedModel saved;
  saved.path = path;

  in.set_part("metadata");
  const std::uint64_t meta_bytes = in.u64();
  const auto meta_text = in.take(meta_bytes);
  const model_file::Metadata meta = model_file::read_metadata({meta_text.data(), meta_text.size()}, saved, path, version);
  if (!expected_type.empty() && meta.type != expected_type)
    throw ModelFileError(path.string() + ": holds a '" + meta.type + "' model, not the '" + std::string(expected_type) +
                         "' model expected");
  const ModelSpec& spec = model_spec(meta.type);
  if (!spec.gradient_trained() && meta.counts.optimizer_state > 0)
    in.fail("a '" + meta.type + "' model has no optimiser state");

  read_ids(saved, meta.counts, in);
  // Version 1 files have no feature rows, and held no model that reads them.
  if (version >= 2) read_feature_section(meta.type, saved, in);
  else if (spec.reads_features) in.fail("a version 1 file cannot hold a '" + meta.type + "' model");

  in.set_part("tensors");
  saved.model = build_model(meta.type, saved, in);
  read_tensors(*saved.model, in.u32(), in);
  read_states(saved, meta.counts, version, in);
  if (version >= 3) read_serving(saved, meta.counts, in);
  in.set_part("");
  if (in.remaining() != 0) in.fail(std::to_string(in.remaining()) + " unread bytes before the checksum");
  return saved;
}
void require_same_ids(const SavedModel& saved, const data::Dataset& ds) {
  const std::string intro = saved.path.string() + ": the model does not match the data '" + ds.name +
                            "' (it was trained on '" + saved.training.data + "')";
  if (saved.users.size() != ds.num_users() || saved.items.size() != ds.num_items())
    throw std::invalid_argument(intro + ": it has " + std::to_string(saved.users.size()) + " users and " +
                                std::to_string(saved.items.size()) + " items, the data " +
                                std::to_string(ds.num_users()) + " and " + std::to_string(ds.num_items()));
  auto compare = [&](const data::IdMap& model, const data::IdMap& data, const char* what) {
    for (std::int32_t i = 0; i < model.size(); ++i)
      if (model.raw(i) != data.raw(i))
        throw std::invalid_argument(intro + ": " + what + " " + std::to_string(i) + " is '" + model.raw(i) +
                                    "' in the model, '" + data.raw(i) + "' in the data");
  };
  compare(saved.users, ds.users, "user");
  compare(saved.items, ds.items, "item");
}

}  // namespace recgrad
