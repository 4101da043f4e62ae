// Each `recgrad` subcommand lives in its own cli/cmd_*.cpp and adds itself to the app
// through one of these functions; main.cpp lists them once.
#pragma once

#include <CLI/CLI.hpp>

namespace recgrad::cli {

void add_gradcheck_command(CLI::App& app);
void add_train_command(CLI::App& app);
void add_tune_command(CLI::App& app);
void add_eval_command(CLI::App& app);
void add_recommend_command(CLI::App& app);
void add_similar_command(CLI::App& app);
void add_export_command(CLI::App& app);
void add_bench_command(CLI::App& app);

void add_data_info_command(CLI::App& app);
void add_split_command(CLI::App& app);
void add_generate_command(CLI::App& app);
void add_models_command(CLI::App& app);

// What the running command is doing now ("loading the data", "training the model"), so
// that running out of memory is reported with the step that ran out (main.cpp) rather
// than as a bare std::bad_alloc. A command names each step as it begins.
void begin_step(const char* what);
const char* current_step();

}  // namespace recgrad::cli
