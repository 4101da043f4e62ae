// recgrad: the command-line front of the library. Subcommands register themselves
// (cli/commands.hpp); errors from the library reach the user as one line on stderr
// and a non-zero exit status.
#include <csignal>
#include <exception>
#include <iostream>

#include "cli/commands.hpp"

int main(int argc, char** argv) {
  // Under a file size limit (ulimit -f) a write past it then fails with EFBIG and is
  // reported as a full disk is (the file named, the old one kept, no temporary left),
  // rather than SIGXFSZ killing the process half-way through a save.
  std::signal(SIGXFSZ, SIG_IGN);
  CLI::App app{"recgrad: recommender models on a small reverse-mode autodiff engine"};
  app.require_subcommand(1);
  recgrad::cli::add_train_command(app);
  recgrad::cli::add_tune_command(app);
  recgrad::cli::add_eval_command(app);
  recgrad::cli::add_recommend_command(app);
  recgrad::cli::add_similar_command(app);
  recgrad::cli::add_export_command(app);
  recgrad::cli::add_gradcheck_command(app);
  recgrad::cli::add_bench_command(app);
  recgrad::cli::add_data_info_command(app);
  recgrad::cli::add_generate_command(app);
  recgrad::cli::add_models_command(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  } catch (const std::exception& e) {
    std::cerr << "recgrad: error: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
