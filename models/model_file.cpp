#include "models/model_file.hpp"

#include <algorithm>
#include <cmath>

#include "data/atomic_file.hpp"
#include "models/model_file_format.hpp"
#include "models/model_file_meta.hpp"

namespace recgrad {

using model_file::Counts;
using model_file::Decoder;
using model_file::Encoder;

const std::vector<std::string>& model_file_types() {
  static const std::vector<std::string> types = [] {
    std::vector<std::string> t = model_names();
    t.push_back("als");
    // Not yet: a file records the factor size, not widedeep's crossed fields and MLP widths.
    std::erase(t, "widedeep");
    // Nor hybrid's: its rows are features, and a file does not record the feature matrices.
    std::erase(t, "hybrid");
    // Nor softmax's: its side-feature tables, tower widths and users' latest contexts.
    std::erase(t, "softmax");
    // Nor fm's: a file records neither the feature rows, the field choice, nor which
    // features training read (models/fm.cpp scores only those).
    std::erase(t, "fm");
    std::erase(t, "fm-bpr");
    return t;
  }();
  return types;
}

Model<float>* SavedModel::gradient_model() const { return dynamic_cast<Model<float>*>(model.get()); }
ImplicitAls* SavedModel::als_model() const { return dynamic_cast<ImplicitAls*>(model.get()); }

std::string SavedModel::item_label(Id item) const {
  return titles.empty() ? items.raw(item) : titles[static_cast<std::size_t>(item)];
}

std::vector<std::pair<std::string, const Tensor<float>*>> model_parameters(const Recommender<float>& model) {
  // params() and the ALS factor accessors hand out mutable references because training
  // needs them; reading through them changes nothing.
  auto& m = const_cast<Recommender<float>&>(model);
  std::vector<std::pair<std::string, const Tensor<float>*>> out;
  if (auto* als = dynamic_cast<ImplicitAls*>(&m)) {
    out.emplace_back("user_factors", &als->user_factors());
    out.emplace_back("item_factors", &als->item_factors());
  } else if (auto* g = dynamic_cast<Model<float>*>(&m)) {
    for (Param<float>* p : g->params()) out.emplace_back(p->name(), &p->value);
  } else {
    throw ModelFileError("model '" + model.name() + "' has no parameters a model file can hold");
  }
  return out;
}

namespace {

// The shapes a model's settings imply, by parameter name: what a file must hold.
std::vector<std::pair<std::string, Shape>> expected_shapes(const Recommender<float>& model) {
  std::vector<std::pair<std::string, Shape>> out;
  for (const auto& [name, tensor] : model_parameters(model)) out.emplace_back(name, tensor->shape());
  return out;
}

// The index of the first non-finite value in `t`, or -1.
std::int64_t first_non_finite(const Tensor<float>& t) {
  for (std::int64_t i = 0; i < t.size(); ++i)
    if (!std::isfinite(t.data()[i])) return i;
  return -1;
}

std::string where(const Tensor<float>& t, std::int64_t index) {
  return "row " + std::to_string(index / std::max<std::int64_t>(1, t.cols())) + ", column " +
         std::to_string(index % std::max<std::int64_t>(1, t.cols()));
}

// Checks what the file will say about the model against the model itself: maps of the
// model's size, titles for every item or none, and parameter shapes that follow from
// the settings (a model built from them must have the same).
void check_consistent(const Recommender<float>& model, const ModelInfo& info) {
  const std::string type = model.name();
  const auto& types = model_file_types();
  if (std::find(types.begin(), types.end(), type) == types.end())
    throw ModelFileError("cannot save the model: model files do not hold '" + type + "' models");
  if (info.users.size() != model.num_users() || info.items.size() != model.num_items())
    throw ModelFileError("cannot save the model: its id maps have " + std::to_string(info.users.size()) + " users and " +
                         std::to_string(info.items.size()) + " items, the model " + std::to_string(model.num_users()) +
                         " and " + std::to_string(model.num_items()));
  if (!info.titles.empty() && std::ssize(info.titles) != model.num_items())
    throw ModelFileError("cannot save the model: " + std::to_string(info.titles.size()) + " titles for " +
                         std::to_string(model.num_items()) + " items");
  const std::int64_t dim = type == "als" ? info.als.dim : info.config.dim;
  for (const auto& [name, tensor] : model_parameters(model))
    if (tensor->cols() != dim && tensor->cols() != 1)
      throw ModelFileError("cannot save the model: parameter '" + name + "' is " + to_string(tensor->shape()) +
                           " but the settings say dim " + std::to_string(dim));
}

// Writes to the temporary file and feeds the checksum.
struct FileSink {
  static constexpr bool kWrites = true;
  data::AtomicFile& file;
  model_file::Checksum& checksum;
  bool hashing = true;
  void put(const char* data, std::size_t n) {
    if (hashing) checksum.update(data, n);
    file.write({data, n});
  }
};

template <class Sink>
void write_tensor(Encoder<Sink>& out, const std::string& what, const std::string& name, const Tensor<float>& t,
                  const std::filesystem::path& path) {
  if constexpr (Sink::kWrites) {
    // Checked here rather than up front so that a save reads the values once; a bad
    // one aborts the write and the atomic file leaves any earlier model in place.
    if (const std::int64_t bad = first_non_finite(t); bad >= 0)
      throw ModelFileError(path.string() + ": model not saved: " + what + " '" + name + "' holds " +
                           std::to_string(t.data()[bad]) + " at " + where(t, bad));
  }
  out.string(name);
  out.u64(static_cast<std::uint64_t>(t.rows()));
  out.u64(static_cast<std::uint64_t>(t.cols()));
  out.floats({t.data(), static_cast<std::size_t>(t.size())});
}

template <class Sink>
void write_body(Encoder<Sink>& out, const std::string& metadata, const Recommender<float>& model,
                const ModelInfo& info, const std::filesystem::path& path) {
  out.u64(metadata.size());
  out.raw(metadata.data(), metadata.size());
  std::vector<std::string> ids(static_cast<std::size_t>(info.users.size()));
  for (Id u = 0; u < info.users.size(); ++u) ids[static_cast<std::size_t>(u)] = info.users.raw(u);
  out.strings(ids);
  ids.resize(static_cast<std::size_t>(info.items.size()));
  for (Id i = 0; i < info.items.size(); ++i) ids[static_cast<std::size_t>(i)] = info.items.raw(i);
  out.strings(ids);
  out.strings(info.titles);
  const auto params = model_parameters(model);
  out.u32(static_cast<std::uint32_t>(params.size()));
  for (const auto& [name, tensor] : params) write_tensor(out, "parameter", name, *tensor, path);
  const auto& opt = info.training.optimizer;
  out.u32(opt ? static_cast<std::uint32_t>(opt->state.size()) : 0u);
  if (opt)
    for (const NamedTensor& s : opt->state) write_tensor(out, "optimiser state", s.name, s.value, path);
}

template <class Sink>
void write_header(Encoder<Sink>& out, std::uint64_t file_size) {
  out.raw(model_file::kMagic, sizeof model_file::kMagic);
  out.u32(model_file::kVersion);
  out.u64(file_size);
}

}  // namespace

void save_model(const std::filesystem::path& path, const Recommender<float>& model, const ModelInfo& info) {
  check_consistent(model, info);
  const std::string type = model.name();
  Counts counts;
  counts.users = static_cast<std::uint64_t>(info.users.size());
  counts.items = static_cast<std::uint64_t>(info.items.size());
  counts.titles = info.titles.size();
  counts.parameters = model_parameters(model).size();
  counts.optimizer_state = info.training.optimizer ? info.training.optimizer->state.size() : 0;
  // Data names come from paths, which need not be UTF-8: replace what JSON cannot hold.
  const std::string metadata =
      model_file::metadata_json(type, info, counts).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);

  model_file::ByteCounter counter;
  Encoder<model_file::ByteCounter> sizing(counter);
  write_body(sizing, metadata, model, info, path);
  const std::uint64_t file_size = model_file::kHeaderBytes + counter.bytes + model_file::kChecksumBytes;

  std::optional<data::AtomicFile> file;
  try {
    file.emplace(path);
  } catch (const std::runtime_error& e) {
    throw ModelFileError(std::string("cannot save the model: ") + e.what());
  }
  model_file::Checksum checksum;
  FileSink sink{*file, checksum};
  Encoder<FileSink> out(sink);
  write_header(out, file_size);
  write_body(out, metadata, model, info, path);
  sink.hashing = false;
  out.u64(checksum.digest());
  try {
    file->commit();
  } catch (const std::runtime_error& e) {
    throw ModelFileError(std::string("cannot save the model: ") + e.what());
  }
}

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

std::unique_ptr<Recommender<float>> build_model(const std::string& type, const ModelInfo& info, Decoder& in) {
  const Id users = info.users.size(), items = info.items.size();
  const std::int64_t dim = type == "als" ? info.als.dim : info.config.dim;
  // A guard against settings that would allocate far more than the file can fill.
  if (dim <= 0 || static_cast<std::uint64_t>(dim) * static_cast<std::uint64_t>(users + items) > in.remaining() / 4)
    in.fail("the settings (dim " + std::to_string(dim) + " for " + std::to_string(users) + " users and " +
            std::to_string(items) + " items) need more parameter data than the file holds");
  try {
    if (type == "als") return std::make_unique<ImplicitAls>(info.als, users, items, info.training.seed);
    return make_model<float>(type, info.config, ModelData{users, items}, info.training.seed);
  } catch (const std::invalid_argument& e) {
    in.fail(std::string("its settings do not make a model: ") + e.what());
  }
}

void read_parameters(Recommender<float>& model, std::uint64_t count, Decoder& in) {
  auto params = model_parameters(model);
  std::vector<bool> seen(params.size(), false);
  if (count != params.size())
    in.fail("the file has " + std::to_string(count) + " parameters, a '" + model.name() + "' model has " +
            std::to_string(params.size()));
  for (std::uint64_t p = 0; p < count; ++p) {
    const auto [name, shape] = tensor_header(in);
    const auto it = std::find_if(params.begin(), params.end(), [&](const auto& e) { return e.first == name; });
    if (it == params.end()) in.fail("a '" + model.name() + "' model has no parameter '" + name + "'");
    const std::size_t index = static_cast<std::size_t>(it - params.begin());
    if (seen[index]) in.fail("parameter '" + name + "' occurs twice");
    seen[index] = true;
    auto& tensor = const_cast<Tensor<float>&>(*it->second);
    if (shape != tensor.shape())
      in.fail("parameter '" + name + "' is " + to_string(shape) + " but the model's settings and id maps make it " +
              to_string(tensor.shape()));
    in.floats({tensor.data(), static_cast<std::size_t>(tensor.size())});
    if (const std::int64_t bad = first_non_finite(tensor); bad >= 0)
      in.fail("parameter '" + name + "' holds " + std::to_string(tensor.data()[bad]) + " at " + where(tensor, bad));
  }
}

// Optimiser state: each tensor belongs to a parameter ("<param>.<slot>") and has its shape.
std::vector<NamedTensor> read_optimizer_state(const Recommender<float>& model, std::uint64_t count, Decoder& in) {
  const auto shapes = expected_shapes(model);
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

}  // namespace

SavedModel load_model(const std::filesystem::path& path, std::string_view expected_type) {
  const std::vector<char> bytes = model_file::read_file(path);
  Decoder in(model_file::checked_body(bytes, path), path);
  SavedModel saved;
  saved.path = path;

  in.set_part("metadata");
  const std::uint64_t meta_bytes = in.u64();
  const auto meta_text = in.take(meta_bytes);
  const model_file::Metadata meta = model_file::read_metadata({meta_text.data(), meta_text.size()}, saved, path);
  if (!expected_type.empty() && meta.type != expected_type)
    throw ModelFileError(path.string() + ": holds a '" + meta.type + "' model, not the '" + std::string(expected_type) +
                         "' model expected");
  if (meta.type == "als" && meta.counts.optimizer_state > 0) in.fail("an ALS model has no optimiser state");

  in.set_part("users");
  const std::vector<std::string> users = in.strings();
  in.set_part("items");
  const std::vector<std::string> items = in.strings();
  in.set_part("titles");
  saved.titles = in.strings();
  if (users.size() != meta.counts.users || items.size() != meta.counts.items || saved.titles.size() != meta.counts.titles)
    in.fail("the id maps and titles do not have the counts the metadata states");
  if (!saved.titles.empty() && saved.titles.size() != items.size())
    in.fail(std::to_string(saved.titles.size()) + " titles for " + std::to_string(items.size()) + " items");
  if (users.empty() || items.empty()) in.fail("a model needs at least one user and one item");
  in.set_part("users");
  saved.users = id_map(users, "user", in);
  in.set_part("items");
  saved.items = id_map(items, "item", in);

  in.set_part("parameters");
  saved.model = build_model(meta.type, saved, in);
  read_parameters(*saved.model, in.u32(), in);

  in.set_part("optimiser state");
  const std::uint32_t state_count = in.u32();
  if (state_count != meta.counts.optimizer_state)
    in.fail("the file has " + std::to_string(state_count) + " state tensors, the metadata states " +
            std::to_string(meta.counts.optimizer_state));
  std::vector<NamedTensor> state = read_optimizer_state(*saved.model, state_count, in);
  if (saved.training.optimizer)
    saved.training.optimizer->state = std::move(state);
  else if (!state.empty())
    in.fail("state tensors without optimiser settings");
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
