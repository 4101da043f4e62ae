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
void add_generate_command(CLI::App& app);
void add_models_command(CLI::App& app);

}  // namespace recgrad::cli
