// Writing outputs without ever losing what the user had (io/atomic_file.hpp,
// io/output_path.hpp): a file is replaced whole or not at all; a link's target is
// written and the link kept; a device or FIFO is written through, never replaced; a
// directory is refused; a killed writer's temporary file goes on a signal or on the next
// write; an output that is one of the inputs is refused.
#include <doctest/doctest.h>

#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>

#include "io/atomic_file.hpp"
#include "io/output_path.hpp"
#include "support/temp_dir.hpp"

using namespace recgrad;
namespace fs = std::filesystem;

namespace {

void write_whole(const fs::path& path, const std::string& text) {
  AtomicFile out(path);
  out.write(text);
  out.commit();
}

// A process id that ran and is gone.
pid_t finished_pid() {
  const pid_t child = ::fork();
  if (child == 0) ::_exit(0);
  int status = 0;
  ::waitpid(child, &status, 0);
  return child;
}

}  // namespace

TEST_CASE("a file is written whole, replaces a regular file, and leaves no temporary file") {
  const testing::TempDir dir;
  write_whole(dir / "out.txt", "first");
  write_whole(dir / "out.txt", "second");
  CHECK(testing::read_text(dir / "out.txt") == "second");
  CHECK(dir.entries() == std::vector<std::string>{"out.txt"});
  {
    AtomicFile abandoned(dir / "out.txt");  // never committed: the old file stays
    abandoned.write("third");
  }
  CHECK(testing::read_text(dir / "out.txt") == "second");
  CHECK(dir.entries() == std::vector<std::string>{"out.txt"});
}

TEST_CASE("through a symlink the target is written and the link is kept, a dangling one included") {
  const testing::TempDir dir;
  fs::create_directories(dir / "real");
  dir.write("real/model.txt", "old");
  fs::create_symlink("real/model.txt", dir / "link.txt");
  write_whole(dir / "link.txt", "new");
  CHECK(fs::is_symlink(dir / "link.txt"));
  CHECK(testing::read_text(dir / "real/model.txt") == "new");
  fs::create_symlink("real/later.txt", dir / "dangling.txt");
  write_whole(dir / "dangling.txt", "made");
  CHECK(fs::is_symlink(dir / "dangling.txt"));
  CHECK(testing::read_text(dir / "real/later.txt") == "made");
  fs::create_symlink("loop-b", dir / "loop-a");
  fs::create_symlink("loop-a", dir / "loop-b");
  CHECK_THROWS_AS(write_whole(dir / "loop-a", "x"), std::runtime_error);
}

TEST_CASE("a character device and a FIFO are written through, never replaced by a regular file") {
  write_whole("/dev/null", "into the void");
  CHECK(fs::is_character_file("/dev/null"));

  const testing::TempDir dir;
  const fs::path fifo = dir / "pipe";
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  std::string received;
  std::thread reader([&] {
    std::ifstream in(fifo);
    received.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  });
  write_whole(fifo, "through the pipe");
  reader.join();
  CHECK(received == "through the pipe");
  CHECK(fs::is_fifo(fifo));
  CHECK(dir.entries() == std::vector<std::string>{"pipe"});
}

TEST_CASE("a directory where the file should go is refused, naming it") {
  const testing::TempDir dir;
  fs::create_directories(dir / "taken");
  CHECK_THROWS_WITH_AS(write_whole(dir / "taken", "x"), doctest::Contains("a directory stands there"),
                       std::runtime_error);
  CHECK(fs::is_directory(dir / "taken"));
}

TEST_CASE("a temporary file a killed writer left is removed by the next write, others' are kept") {
  const testing::TempDir dir;
  const std::string dead = "out.txt.tmp-" + std::to_string(finished_pid());
  const std::string alive = "out.txt.tmp-" + std::to_string(::getppid());  // a process that runs
  dir.write(dead, "half");
  dir.write(alive, "in progress");
  dir.write("out.txt.tmp-notapid", "someone else's");
  dir.write("other.txt.tmp-1", "another target's");
  write_whole(dir / "out.txt", "done");
  const std::vector<std::string> left = dir.entries();
  CHECK(std::find(left.begin(), left.end(), dead) == left.end());
  CHECK(std::find(left.begin(), left.end(), alive) != left.end());
  CHECK(std::find(left.begin(), left.end(), "out.txt.tmp-notapid") != left.end());
  CHECK(std::find(left.begin(), left.end(), "other.txt.tmp-1") != left.end());
}

TEST_CASE("a writer stopped by SIGTERM or SIGINT leaves no temporary file and the old file intact") {
  for (const int sig : {SIGTERM, SIGINT}) {
    CAPTURE(sig);
    const testing::TempDir dir;
    dir.write("out.txt", "old");
    const pid_t child = ::fork();
    if (child == 0) {
      std::signal(sig, SIG_DFL);  // the test framework's own handler out of the way, as in recgrad
      AtomicFile out(dir / "out.txt");
      out.write(std::string(3 << 20, 'x'));  // some of it on disk already
      std::raise(sig);
      ::_exit(0);  // not reached
    }
    int status = 0;
    REQUIRE(::waitpid(child, &status, 0) == child);
    CHECK(WIFSIGNALED(status));
    CHECK(WTERMSIG(status) == sig);
    CHECK(dir.entries() == std::vector<std::string>{"out.txt"});
    CHECK(testing::read_text(dir / "out.txt") == "old");
  }
}

TEST_CASE("an output that is one of the inputs is refused, through links and inside input folders") {
  const testing::TempDir dir;
  const fs::path data = dir.write("data/ratings.csv", "1,1,5\n");
  fs::create_symlink(data, dir / "alias.csv");
  const NamedPath inputs[] = {{"--data", dir / "data"}, {"--resume", ""}};
  const NamedPath same[] = {{"--save", dir / "alias.csv"}};
  const NamedPath data_file[] = {{"--data", data}};
  CHECK_THROWS_WITH_AS(refuse_output_over_input(data_file, same), doctest::Contains("--save"), std::invalid_argument);
  const NamedPath inside[] = {{"--log", dir / "data/ratings.csv"}};
  CHECK_THROWS_WITH_AS(refuse_output_over_input(inputs, inside), doctest::Contains("a file of --data"),
                       std::invalid_argument);
  const NamedPath elsewhere[] = {{"--save", dir / "model.rgm"}, {"--log", ""}};
  CHECK_NOTHROW(refuse_output_over_input(inputs, elsewhere));
  CHECK(testing::read_text(data) == "1,1,5\n");
}
