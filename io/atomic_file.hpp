// A text file that appears complete or not at all: bytes go to a temporary file next
// to the target ("NAME.tmp-PID"), and commit() flushes it and renames it over the
// target. If the writer is destroyed without commit (an exception, a full disk), the
// temporary file is removed and any existing target is left untouched.
#pragma once

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <string>
#include <string_view>

namespace recgrad {

class AtomicFile {
 public:
  explicit AtomicFile(std::filesystem::path target);
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

  std::filesystem::path target_;
  std::filesystem::path temp_;
  std::FILE* file_ = nullptr;
  std::string buffer_;
  std::int64_t bytes_ = 0;
};

}  // namespace recgrad
