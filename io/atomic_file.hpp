// A file that appears complete or not at all: bytes go to a temporary file next to the
// target ("NAME.tmp-PID"), and commit() flushes it, syncs it to disk, renames it over
// the target and syncs the folder. If the writer is destroyed without commit (an
// exception, a full disk), the temporary file is removed and any existing target is
// left untouched; on SIGINT, SIGTERM or SIGHUP it is removed too, and one a killed run
// left behind is removed by the next writer of the same target.
//
// The target is resolved first (io/output_path.hpp): a link's target is written; a
// device or FIFO is written through rather than replaced (atomicity does not apply
// there); a directory or anything else that is not a place for a file is refused.
#pragma once

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <string>
#include <string_view>

namespace recgrad {

class AtomicFile {
 public:
  explicit AtomicFile(const std::filesystem::path& target);
  ~AtomicFile();
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;

  void write(std::string_view bytes) {
    buffer_.append(bytes);
    if (buffer_.size() >= kFlushAt) flush();
  }
  // Appends integers and floats in their shortest round-trip form (std::to_chars).
  void write_number(std::int64_t value);
  void write_number(float value);

  void commit();  // throws std::runtime_error if the data cannot be written or renamed
  std::int64_t bytes() const { return bytes_ + static_cast<std::int64_t>(buffer_.size()); }
  const std::filesystem::path& target() const { return target_; }

 private:
  static constexpr std::size_t kFlushAt = std::size_t{1} << 20;
  void flush();
  void discard_temp();
  const char* write_failed() const;

  std::filesystem::path target_;
  std::filesystem::path temp_;  // empty when written through
  std::FILE* file_ = nullptr;
  int signal_slot_ = -1;        // where the temp's name waits for a signal handler
  std::string buffer_;
  std::int64_t bytes_ = 0;
};

// The temporary files a killed writer left beside `target` ("NAME.tmp-PID" of a process
// that no longer runs), removed; returns how many. AtomicFile calls it for its target.
int remove_stale_temps(const std::filesystem::path& target);

}  // namespace recgrad
