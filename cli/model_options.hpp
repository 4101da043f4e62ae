// The model options on the command line (--dim, --lr, --epochs, ...): one flag per option
// any registered model declares (models/registry.hpp), and the given ones laid over a
// model's own. `train` and `tune` take them alike.
#pragma once

#include <CLI/CLI.hpp>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "models/options.hpp"
#include "models/registry.hpp"

namespace recgrad::cli {

// The flags given on the command line, by option name, as typed.
using GivenOptions = std::map<std::string, std::string>;

// Adds one flag per declared option, its help with each model's default, writing into `given`.
void add_model_options(CLI::App* cmd, GivenOptions& given);

// Drops from `given` the options the command line did not set (call in the callback).
void keep_given(const CLI::App* cmd, GivenOptions& given);

// `options` (a model's defaults, or a resumed model's settings) with every given option
// laid over them. An option `model` does not declare would do nothing, so it is refused
// rather than silently dropped; so is one that would change a resumed model's shape.
Options options_from(const std::string& model, const GivenOptions& given, Options options, bool resuming);

// Where each of `options`' values came from (describe_origin), by option:
// {"lr": {"from": "followed", "why": "adam's default for mf"}, ...}. An option
// a line of `from_data` names first (TrainingSetup::from_data) followed the data instead.
nlohmann::json settings_source(const ModelSpec& spec, const Options& options,
                               const std::vector<std::string>& from_data = {});

// The settings in words, one line: "dim 64, optim adam (given), lr 0.01 (adam's default
// for mf), ..."; a value with no mark is the model's default. An option a line of
// `from_data` names reads that line's value and "(from the data: why)".
std::string settings_text(const ModelSpec& spec, const Options& options,
                          const std::vector<std::string>& from_data = {});

}  // namespace recgrad::cli
