// Running a piece of the real save path in a forked child, to stop it from outside (a
// signal at a chosen moment) or to starve it (a file size limit): what the kill and
// disk-full tests need. The child never returns into the test framework.
#pragma once

#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <exception>
#include <stdexcept>
#include <string>
#include <thread>

namespace files_test {

// Exit statuses of a child: what its body did.
inline constexpr int kChildDone = 0;    // returned normally
inline constexpr int kChildThrew = 3;   // threw; the message went to the child's pipe

// A child running `body` after writing one byte to a pipe, so that the parent can time its
// signal from the moment the body starts rather than from fork(). The test framework's
// handlers for SIGINT and SIGTERM are put back to the default first, as recgrad has them.
class Child {
 public:
  template <class Body>
  explicit Child(Body&& body) {
    int started[2], message[2];
    if (::pipe(started) != 0 || ::pipe(message) != 0) throw std::runtime_error("pipe failed");
    pid_ = ::fork();
    if (pid_ < 0) throw std::runtime_error("fork failed");
    if (pid_ == 0) {
      std::signal(SIGINT, SIG_DFL);
      std::signal(SIGTERM, SIG_DFL);
      ::close(started[0]);
      ::close(message[0]);
      int status = kChildDone;
      ::write(started[1], "s", 1);
      try {
        body();
      } catch (const std::exception& e) {
        const std::string what = e.what();
        ::write(message[1], what.data(), what.size());
        status = kChildThrew;
      }
      ::_exit(status);
    }
    ::close(started[1]);
    ::close(message[1]);
    message_fd_ = message[0];
    char byte = 0;
    ::read(started[0], &byte, 1);  // the body has begun
    ::close(started[0]);
  }
  ~Child() {
    if (pid_ > 0 && !reaped_) {
      ::kill(pid_, SIGKILL);
      wait();
    }
    ::close(message_fd_);
  }
  Child(const Child&) = delete;
  Child& operator=(const Child&) = delete;

  void signal_after(std::chrono::microseconds delay, int sig) {
    std::this_thread::sleep_for(delay);
    ::kill(pid_, sig);
  }
  // The child's wait status; its exception's message, if any, lands in message().
  int wait() {
    int status = 0;
    ::waitpid(pid_, &status, 0);
    reaped_ = true;
    char buffer[512];
    for (ssize_t n; (n = ::read(message_fd_, buffer, sizeof buffer)) > 0;) message_.append(buffer, static_cast<std::size_t>(n));
    return status;
  }
  const std::string& message() const { return message_; }

 private:
  pid_t pid_ = -1;
  int message_fd_ = -1;
  bool reaped_ = false;
  std::string message_;
};

// In a child: files may grow to `bytes` at most; a write past it fails with EFBIG instead
// of killing the process (SIGXFSZ ignored), as a full disk fails it with ENOSPC.
inline void limit_file_size(rlim_t bytes) {
  std::signal(SIGXFSZ, SIG_IGN);
  const rlimit limit{bytes, bytes};
  if (::setrlimit(RLIMIT_FSIZE, &limit) != 0) throw std::runtime_error("setrlimit failed");
}

}  // namespace files_test
