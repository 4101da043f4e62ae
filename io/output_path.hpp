// Where an output may go, decided before anything is written, so that no file the user
// had is replaced by surprise: a symlink's target is written and the link kept; a
// character device (/dev/null) or a FIFO is written through, never replaced by a regular
// file; a directory, a socket or a block device is refused. And no output may be one of
// the run's inputs: that is refused before any work.
#pragma once

#include <filesystem>
#include <span>
#include <string>

namespace recgrad {

struct OutputTarget {
  std::filesystem::path path;  // the file to write: the request with its links followed
  bool write_through = false;  // a device or FIFO: opened and written as it is, never renamed over
};

// Throws std::runtime_error naming the path and what stands there when it is not a place
// for a file; also for a link chain that does not end (a loop).
OutputTarget resolve_output(const std::filesystem::path& requested);

// A path a command was given, with the option that gave it, for messages.
struct NamedPath {
  std::string option;  // "--save"
  std::filesystem::path path;
};

// Throws std::invalid_argument, naming both options, when an output is the same file as
// an input (links followed) or one of the files directly inside an input directory.
// Empty paths are skipped.
void refuse_output_over_input(std::span<const NamedPath> inputs, std::span<const NamedPath> outputs);

}  // namespace recgrad
