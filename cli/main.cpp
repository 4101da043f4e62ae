// recgrad: the command-line front of the library. Subcommands register themselves
// (cli/commands.hpp); errors from the library reach the user as one line on stderr
// and a non-zero exit status.
#include <csignal>
#include <exception>
#include <iostream>
#include <new>
#include <string>

#include "cli/commands.hpp"

namespace recgrad::cli {

namespace {
std::string step = "reading the command line";
}  // namespace

void begin_step(const char* what) { step = what; }
const char* current_step() { return step.c_str(); }

}  // namespace recgrad::cli

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
  recgrad::cli::add_split_command(app);
  recgrad::cli::add_generate_command(app);
  recgrad::cli::add_models_command(app);
  // Until the command names its steps: the command itself.
  if (argc > 1) recgrad::cli::begin_step(("running `recgrad " + std::string(argv[1]) + "`").c_str());
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  } catch (const std::bad_alloc&) {
    // The settings were checked against the memory available (training/memory.hpp) where
    // they size something large; this is what those estimates did not foresee.
    std::cerr << "recgrad: error: out of memory while " << recgrad::cli::current_step()
              << "; try smaller settings or data, or free memory\n";
    return 1;
  } catch (const std::exception& e) {
    std::cerr << "recgrad: error: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
