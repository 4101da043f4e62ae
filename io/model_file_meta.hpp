// The metadata section of a model file: the model's type, its declared options and what
// the data decided, the training and test records and the optimiser's settings as JSON,
// and the counts of the binary sections that follow, so that the loader knows what to
// expect before it reads them.
#pragma once

#include <cstdint>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>

#include "io/model_file.hpp"

namespace recgrad::model_file {

struct Counts {
  std::uint64_t users = 0, items = 0, titles = 0, tensors = 0, optimizer_state = 0;
  std::uint64_t model_state = 0;             // from version 2
  std::uint64_t history = 0, cold_items = 0;  // from version 3
};

struct Metadata {
  std::string type;
  Counts counts;
};

nlohmann::json metadata_json(const std::string& type, const ModelInfo& info, const Counts& counts);

// Fills `info`'s options, config, training and test records and optimiser settings (not
// its state tensors, which come later in the file); ModelFileError for a missing or
// mistyped key. Versions 1 and 2 kept the settings under fixed keys: those are mapped
// onto the model's options (io/model_file_legacy.cpp), the rest keep their defaults.
Metadata read_metadata(std::string_view text, ModelInfo& info, const std::filesystem::path& path,
                       std::uint32_t version);

// Reads typed keys of one JSON object, naming the key of any that is missing or has
// the wrong type.
class Fields {
 public:
  Fields(const nlohmann::json& parent, const char* key, const std::filesystem::path& path);
  bool has(const char* key) const { return object_->contains(key); }
  template <class T>
  void get(const char* key, T& out) const {
    const auto it = object_->find(key);
    if (it == object_->end()) fail(std::string("has no '") + key + "'");
    // Checked before converting: get<int>() of 1.5 truncates, and of 1e20 (or of an
    // integer the type cannot hold) is undefined or wraps.
    if constexpr (std::is_integral_v<T> && !std::is_same_v<T, bool>) {
      if (it->is_number() && !it->is_number_integer()) fail(std::string("'") + key + "' is not an integer: " + it->dump());
      if (it->is_number_integer() && !(it->is_number_unsigned() ? std::in_range<T>(it->template get<std::uint64_t>())
                                                                 : std::in_range<T>(it->template get<std::int64_t>())))
        fail(std::string("'") + key + "' is out of range: " + it->dump());
    }
    try {
      out = it->get<T>();
    } catch (const nlohmann::json::exception&) {
      fail(std::string("'") + key + "' has the wrong type: " + it->dump());
    }
  }
  [[noreturn]] void fail(const std::string& what) const;

 private:
  const std::filesystem::path& path_;
  std::string name_;
  const nlohmann::json* object_ = nullptr;
};

// Versions 1 and 2: the model's options from the fixed keys of their "model",
// "training" and "optimizer" objects.
Options legacy_options(const std::string& type, const Fields& model, const Fields& training,
                       const nlohmann::json& optimizer);

}  // namespace recgrad::model_file
