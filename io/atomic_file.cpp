#include "io/atomic_file.hpp"

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstring>
#include <stdexcept>
#include <system_error>

#include "io/output_path.hpp"
#include "io/temp_cleanup.hpp"

namespace recgrad {

namespace fs = std::filesystem;

namespace {

[[noreturn]] void fail(const fs::path& path, const char* what, int err) {
  throw std::runtime_error(path.string() + ": " + what + ": " + std::strerror(err));
}

constexpr std::string_view kTempTag = ".tmp-";

// The folder's entry made durable: the rename is on disk once this returns.
void sync_folder(const fs::path& file) {
  const fs::path folder = file.parent_path().empty() ? fs::path(".") : file.parent_path();
  const int fd = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY);
  if (fd < 0) return;  // nothing to sync through; the rename itself has happened
  ::fsync(fd);
  ::close(fd);
}

}  // namespace

int remove_stale_temps(const fs::path& target) {
  const fs::path folder = target.parent_path().empty() ? fs::path(".") : target.parent_path();
  const std::string prefix = target.filename().string() + std::string(kTempTag);
  int removed = 0;
  std::error_code ec;
  for (const fs::directory_entry& e : fs::directory_iterator(folder, ec)) {
    const std::string name = e.path().filename().string();
    if (name.size() <= prefix.size() || name.compare(0, prefix.size(), prefix) != 0) continue;
    long pid = 0;
    const char* digits = name.c_str() + prefix.size();
    const auto [end, err] = std::from_chars(digits, name.c_str() + name.size(), pid);
    if (err != std::errc() || *end != '\0' || pid <= 0) continue;  // not one of ours
    if (pid == ::getpid() || ::kill(static_cast<pid_t>(pid), 0) == 0 || errno != ESRCH) continue;  // still running
    std::error_code gone;
    if (e.is_regular_file(gone) && fs::remove(e.path(), gone)) ++removed;
  }
  return removed;
}

AtomicFile::AtomicFile(const fs::path& requested) {
  const OutputTarget where = resolve_output(requested);
  target_ = where.path;
  if (where.write_through) {
    file_ = std::fopen(target_.c_str(), "wb");
    if (file_ == nullptr) fail(target_, "cannot open for writing", errno);
  } else {
    remove_stale_temps(target_);
    temp_ = target_.string() + std::string(kTempTag) + std::to_string(::getpid());
    // Registered before it exists: a signal between creating it and registering it would
    // leave it behind (the random-kill test saw one in 60 SIGINTs).
    signal_slot_ = register_temp(temp_.c_str());
    file_ = std::fopen(temp_.c_str(), "wb");
    if (file_ == nullptr) {
      const int err = errno;
      unregister_temp(signal_slot_);
      fail(target_, ("cannot create the temporary file " + temp_.filename().string() + " beside it").c_str(), err);
    }
  }
  buffer_.reserve(kFlushAt + 4096);
}

AtomicFile::~AtomicFile() {
  if (file_ != nullptr) {
    std::fclose(file_);
    discard_temp();
  }
}

void AtomicFile::discard_temp() {
  if (temp_.empty()) return;
  std::error_code ignored;
  fs::remove(temp_, ignored);
  unregister_temp(signal_slot_);
  signal_slot_ = -1;
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

// Named by the file the user asked for, not the temporary one; written by rename, the
// file that stood there is untouched.
const char* AtomicFile::write_failed() const {
  return temp_.empty() ? "write failed" : "write failed (any file already there is left as it was)";
}

void AtomicFile::flush() {
  if (!buffer_.empty() && std::fwrite(buffer_.data(), 1, buffer_.size(), file_) != buffer_.size())
    fail(target_, write_failed(), errno);
  bytes_ += static_cast<std::int64_t>(buffer_.size());
  buffer_.clear();
}

void AtomicFile::commit() {
  if (file_ == nullptr) throw std::logic_error(target_.string() + ": committed twice");
  flush();
  // On disk before the rename, so that a crash leaves the old file or the whole new one.
  const bool synced = std::fflush(file_) == 0 && (!temp_.empty() ? ::fsync(::fileno(file_)) == 0 : true);
  const int err = errno;
  const int closed = std::fclose(file_);
  file_ = nullptr;
  if (!synced || closed != 0) {
    discard_temp();
    fail(target_, write_failed(), synced ? errno : err);
  }
  if (temp_.empty()) return;  // written through
  std::error_code ec;
  fs::rename(temp_, target_, ec);
  if (ec) {
    discard_temp();
    throw std::runtime_error(target_.string() + ": cannot rename the finished file into place: " + ec.message());
  }
  unregister_temp(signal_slot_);
  signal_slot_ = -1;
  sync_folder(target_);
}

}  // namespace recgrad
