#include "models/model_file.hpp"

#include <algorithm>
#include <cmath>

#include "data/atomic_file.hpp"
#include "models/fm/fm.hpp"
#include "models/model_file_format.hpp"
#include "models/model_file_meta.hpp"
#include "models/registry.hpp"

namespace recgrad {

using model_file::Counts;
using model_file::Decoder;
using model_file::Encoder;

const std::vector<std::string>& model_file_types() {
  static const std::vector<std::string> types = [] {
    // Not yet the next-item models, whose users' latest contexts a file does not
    // record, nor the sweep models with state beyond their parameters (lmf-full).
    std::vector<std::string> t;
    for (const ModelSpec& spec : model_registry())
      if (spec.feedback != Feedback::NextItem && spec.name != "lmf-full")
        t.push_back(spec.name);
    return t;
  }();
  return types;
}

bool model_file_holds_features(std::string_view type) { return model_spec(std::string(type)).reads_features; }

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

void check_features(const data::FeatureMatrix& m, Id rows, const char* side) {
  if (m.num_rows() != rows)
    throw ModelFileError(std::string("cannot save the model: its ") + side + " feature rows number " +
                         std::to_string(m.num_rows()) + ", the model's " + side + "s " + std::to_string(rows));
  if (const std::string problem = feature_problem(m); !problem.empty())
    throw ModelFileError(std::string("cannot save the model: its ") + side + " feature rows are unsound: " + problem);
}

// State a model keeps besides its parameters, as named tensors: fm's flags of the
// features training read (one per factor row, 0 or 1), without which scoring would
// read features training never saw.
std::vector<NamedTensor> model_state(const Recommender<float>& model) {
  std::vector<NamedTensor> out;
  if (const auto* fm = dynamic_cast<const FactorisationMachine<float>*>(&model)) {
    const std::vector<std::uint8_t>& flags = fm->trained_features();
    NamedTensor& t = out.emplace_back(NamedTensor{"trained_features", Tensor<float>(std::ssize(flags), 1)});
    for (std::size_t j = 0; j < flags.size(); ++j) t.value.data()[j] = flags[j] != 0 ? 1.0f : 0.0f;
  }
  return out;
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
  if (model_file_holds_features(type)) {
    check_features(info.user_features, model.num_users(), "user");
    check_features(info.item_features, model.num_items(), "item");
    // fm's factor rows are the features: other rows than the model was built over would not load.
    const auto* fm = dynamic_cast<const FactorisationMachine<float>*>(&model);
    const auto features =
        static_cast<std::size_t>(info.user_features.num_features() + info.item_features.num_features());
    if (fm != nullptr && fm->trained_features().size() != features)
      throw ModelFileError("cannot save the model: its feature rows have " + std::to_string(features) +
                           " features, the model " + std::to_string(fm->trained_features().size()));
    return;  // their MLPs and side tables have widths other than dim; the load checks every shape
  }
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
void write_features(Encoder<Sink>& out, const data::FeatureMatrix& m) {
  out.u64(static_cast<std::uint64_t>(m.num_rows()));
  for (const std::int64_t o : m.offsets) out.u64(static_cast<std::uint64_t>(o));
  out.u64(m.ids.size());
  for (const std::int32_t id : m.ids) out.u32(static_cast<std::uint32_t>(id));
  out.floats(m.weights);
  out.u32(static_cast<std::uint32_t>(m.fields.size()));
  for (const data::FeatureField& f : m.fields) {
    out.string(f.name);
    out.u32(static_cast<std::uint32_t>(f.first));
    out.u32(static_cast<std::uint32_t>(f.count));
  }
  out.strings(m.names);
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
  // Only the models that read them carry feature rows: the others' files stay small.
  static const data::FeatureMatrix none;
  const bool features = model_file_holds_features(model.name());
  write_features(out, features ? info.user_features : none);
  write_features(out, features ? info.item_features : none);
  const auto params = model_parameters(model);
  out.u32(static_cast<std::uint32_t>(params.size()));
  for (const auto& [name, tensor] : params) write_tensor(out, "parameter", name, *tensor, path);
  const auto& opt = info.training.optimizer;
  out.u32(opt ? static_cast<std::uint32_t>(opt->state.size()) : 0u);
  if (opt)
    for (const NamedTensor& s : opt->state) write_tensor(out, "optimiser state", s.name, s.value, path);
  const std::vector<NamedTensor> state = model_state(model);
  out.u32(static_cast<std::uint32_t>(state.size()));
  for (const NamedTensor& s : state) write_tensor(out, "model state", s.name, s.value, path);
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
  counts.model_state = model_state(model).size();
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
  const bool wanted = model_file_holds_features(type);
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
  const std::int64_t dim = type == "als" ? info.als.dim : info.config.dim;
  // A guard against settings that would allocate far more than the file can fill.
  if (dim <= 0 || static_cast<std::uint64_t>(dim) * static_cast<std::uint64_t>(users + items) > in.remaining() / 4)
    in.fail("the settings (dim " + std::to_string(dim) + " for " + std::to_string(users) + " users and " +
            std::to_string(items) + " items) need more parameter data than the file holds");
  try {
    if (type == "als") return std::make_unique<ImplicitAls>(info.als, users, items, info.training.seed);
    ModelData data{users, items};
    if (model_file_holds_features(type)) {
      data.user_features = &info.user_features;
      data.item_features = &info.item_features;
    }
    return make_model<float>(type, info.config, data, info.training.seed);
  } catch (const std::logic_error& e) {  // invalid_argument, or out_of_range from a missing field
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

// The model state section: exactly the tensors model_state() names for the model,
// with their shapes, and fm's flags 0 or 1.
void read_model_state(Recommender<float>& model, std::uint64_t count, Decoder& in) {
  std::vector<NamedTensor> expected = model_state(model);
  if (count != expected.size())
    in.fail("the file has " + std::to_string(count) + " state tensors, a '" + model.name() + "' model keeps " +
            std::to_string(expected.size()));
  for (std::uint64_t s = 0; s < count; ++s) {
    const auto [name, shape] = tensor_header(in);
    const auto it = std::find_if(expected.begin(), expected.end(), [&n = name](const auto& e) { return e.name == n; });
    if (it == expected.end()) in.fail("a '" + model.name() + "' model keeps no state '" + name + "'");
    if (shape != it->value.shape())
      in.fail("state '" + name + "' is " + to_string(shape) + " but the model makes it " + to_string(it->value.shape()));
    in.floats({it->value.data(), static_cast<std::size_t>(it->value.size())});
  }
  if (auto* fm = dynamic_cast<FactorisationMachine<float>*>(&model)) {
    const Tensor<float>& t = expected.at(0).value;
    std::vector<std::uint8_t> flags(static_cast<std::size_t>(t.size()));
    for (std::size_t j = 0; j < flags.size(); ++j) {
      const float v = t.data()[j];
      if (v != 0.0f && v != 1.0f) in.fail("state 'trained_features' holds " + std::to_string(v) + ", not 0 or 1");
      flags[j] = v == 1.0f;
    }
    fm->set_trained_features(std::move(flags));
  }
}

}  // namespace

SavedModel load_model(const std::filesystem::path& path, std::string_view expected_type) {
  const std::vector<char> bytes = model_file::read_file(path);
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
  // Version 1 files have no feature rows: their types (mf, lmf, bpr, als) read none.
  if (version >= 2) read_feature_section(meta.type, saved, in);
  else if (model_file_holds_features(meta.type)) in.fail("a version 1 file cannot hold a '" + meta.type + "' model");

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
  in.set_part("model state");
  const std::uint64_t model_state_count = version >= 2 ? in.u32() : 0;
  if (model_state_count != meta.counts.model_state)
    in.fail("the file has " + std::to_string(model_state_count) + " model state tensors, the metadata states " +
            std::to_string(meta.counts.model_state));
  read_model_state(*saved.model, model_state_count, in);
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
