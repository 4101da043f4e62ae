#include "io/model_file.hpp"

#include <optional>

#include "io/atomic_file.hpp"
#include "io/model_file_check.hpp"
#include "io/model_file_format.hpp"
#include "io/model_file_meta.hpp"
#include "models/registry.hpp"

namespace recgrad {

using model_file::Counts;
using model_file::Encoder;
using model_file::first_non_finite;
using model_file::where;

std::string SavedModel::item_label(Id item) const {
  return titles.empty() ? items.raw(item) : titles[static_cast<std::size_t>(item)];
}

std::string SavedModel::item_title(Id item) const {
  return titles.empty() ? std::string() : titles[static_cast<std::size_t>(item)];
}

data::UserItems SavedModel::seen_items() const {
  if (!has_history)
    throw std::invalid_argument(path.string() + " predates version 3 and holds no history of its users: give --data");
  std::vector<std::int32_t> users, items_seen;
  for (std::int32_t u = 0; u < history.num_users(); ++u)
    for (const std::int32_t i : history.of(u)) {
      users.push_back(u);
      items_seen.push_back(i);
    }
  return data::UserItems::from_pairs(history.num_users(), items.size(), users, items_seen);
}

namespace {

// Writes to the temporary file and feeds the checksum.
struct FileSink {
  static constexpr bool kWrites = true;
  AtomicFile& file;
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
void write_body(Encoder<Sink>& out, const std::string& metadata, Recommender<float>& model,
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
  const bool features = model_spec(model.name()).reads_features;
  write_features(out, features ? info.user_features : none);
  write_features(out, features ? info.item_features : none);
  const NamedTensors<float> tensors = model.tensors();
  out.u32(static_cast<std::uint32_t>(tensors.size()));
  for (const auto& [name, tensor] : tensors) write_tensor(out, "tensor", name, *tensor, path);
  const auto& opt = info.training.optimizer;
  out.u32(opt ? static_cast<std::uint32_t>(opt->state.size()) : 0u);
  if (opt)
    for (const NamedTensor& s : opt->state) write_tensor(out, "optimiser state", s.name, s.value, path);
  const std::vector<StateTensor> state = model.extra_state();
  out.u32(static_cast<std::uint32_t>(state.size()));
  for (const StateTensor& s : state) write_tensor(out, "model state", s.name, s.value, path);
  // No offsets at all: a file written without its users' history (it then needs --data to serve).
  static const data::UserSequences no_history{{}, {}};
  const data::UserSequences& history = info.has_history ? info.history : no_history;
  out.u64(history.offsets.size());
  for (const std::int64_t o : history.offsets) out.u64(static_cast<std::uint64_t>(o));
  for (const std::int32_t i : history.items) out.u32(static_cast<std::uint32_t>(i));
  out.u32(static_cast<std::uint32_t>(info.test.cold_items.size()));
  for (const std::int32_t i : info.test.cold_items) out.u32(static_cast<std::uint32_t>(i));
}

template <class Sink>
void write_header(Encoder<Sink>& out, std::uint64_t file_size) {
  out.raw(model_file::kMagic, sizeof model_file::kMagic);
  out.u32(model_file::kVersion);
  out.u64(file_size);
}

}  // namespace

void save_model(const std::filesystem::path& path, Recommender<float>& model, const ModelInfo& info) {
  model_file::check_consistent(model, info);
  const std::string type = model.name();
  Counts counts;
  counts.users = static_cast<std::uint64_t>(info.users.size());
  counts.items = static_cast<std::uint64_t>(info.items.size());
  counts.titles = info.titles.size();
  counts.tensors = model.tensors().size();
  counts.optimizer_state = info.training.optimizer ? info.training.optimizer->state.size() : 0;
  counts.model_state = model.extra_state().size();
  counts.history = info.has_history ? info.history.items.size() : 0;
  counts.cold_items = info.test.cold_items.size();
  // Data names come from paths, which need not be UTF-8: replace what JSON cannot hold.
  const std::string metadata =
      model_file::metadata_json(type, info, counts).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);

  model_file::ByteCounter counter;
  Encoder<model_file::ByteCounter> sizing(counter);
  write_body(sizing, metadata, model, info, path);
  const std::uint64_t file_size = model_file::kHeaderBytes + counter.bytes + model_file::kChecksumBytes;

  std::optional<AtomicFile> file;
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

}  // namespace recgrad
