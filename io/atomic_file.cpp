#include "io/atomic_file.hpp"

#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstring>
#include <stdexcept>
#include <system_error>

namespace recgrad {

namespace {
[[noreturn]] void fail(const std::filesystem::path& path, const char* what, int err) {
  throw std::runtime_error(path.string() + ": " + what + ": " + std::strerror(err));
}
}  // namespace

AtomicFile::AtomicFile(std::filesystem::path target)
    : target_(std::move(target)),
      temp_(target_.string() + ".tmp-" + std::to_string(::getpid())) {
  file_ = std::fopen(temp_.c_str(), "wb");
  if (file_ == nullptr) fail(temp_, "cannot create", errno);
  buffer_.reserve(kFlushAt + 4096);
}

AtomicFile::~AtomicFile() {
  if (file_ != nullptr) {
    std::fclose(file_);
    std::error_code ignored;
    std::filesystem::remove(temp_, ignored);
  }
}

void AtomicFile::write_number(std::int64_t value) {
  char text[24];
  const auto end = std::to_chars(text, text + sizeof text, value).ptr;
  write({text, static_cast<std::size_t>(end - text)});
}

void AtomicFile::write_number(float value) {
  char text[32];
  const auto end = std::to_chars(text, text + sizeof text, value).ptr;
  write({text, static_cast<std::size_t>(end - text)});
}

void AtomicFile::flush() {
  if (!buffer_.empty() && std::fwrite(buffer_.data(), 1, buffer_.size(), file_) != buffer_.size())
    fail(temp_, "write failed", errno);
  bytes_ += static_cast<std::int64_t>(buffer_.size());
  buffer_.clear();
}

void AtomicFile::commit() {
  if (file_ == nullptr) throw std::logic_error(target_.string() + ": committed twice");
  flush();
  const int closed = std::fclose(file_);
  file_ = nullptr;
  if (closed != 0) {
    const int err = errno;
    std::error_code ignored;
    std::filesystem::remove(temp_, ignored);
    fail(temp_, "write failed", err);
  }
  std::error_code ec;
  std::filesystem::rename(temp_, target_, ec);
  if (ec) {
    std::error_code ignored;
    std::filesystem::remove(temp_, ignored);
    throw std::runtime_error(target_.string() + ": cannot rename the finished file into place: " +
                             ec.message());
  }
}

}  // namespace recgrad
