// The metadata section of a model file: the model's type and settings, the training
// record and the optimiser's settings as JSON, and the counts of the binary sections
// that follow, so that the loader knows what to expect before it reads them.
#pragma once

#include <cstdint>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>

#include "models/model_file.hpp"

namespace recgrad::model_file {

struct Counts {
  std::uint64_t users = 0, items = 0, titles = 0, parameters = 0, optimizer_state = 0;
  std::uint64_t model_state = 0;  // from version 2
};

struct Metadata {
  std::string type;
  Counts counts;
};

nlohmann::json metadata_json(const std::string& type, const ModelInfo& info, const Counts& counts);

// Fills `info`'s settings, training record and optimiser settings (not its state
// tensors, which come later in the file); ModelFileError for a missing or mistyped key.
// A version 1 file lacks the keys version 2 added: they keep ModelConfig's defaults.
Metadata read_metadata(std::string_view text, ModelInfo& info, const std::filesystem::path& path,
                       std::uint32_t version);

}  // namespace recgrad::model_file
