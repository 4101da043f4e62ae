// The model options on the command line (--dim, --lr, --epochs, ...): one flag per option
// any registered model declares (models/registry.hpp), and the given ones laid over a
// model's own. `train` and `tune` take them alike.
#pragma once

#include <CLI/CLI.hpp>
#include <map>
#include <string>

#include "models/options.hpp"

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

}  // namespace recgrad::cli
