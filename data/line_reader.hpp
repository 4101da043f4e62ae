// Reading text data files line by line, fast, with errors that point at the line.
//
// Files are read in large chunks (4 MiB) rather than through an iostream per field,
// so a loader's cost is splitting and from_chars, not I/O plumbing. Lines are handed
// out as string_views into the chunk and stay valid until the next call to `next`.
#pragma once

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace recgrad::data {

// Every problem with an input file: the message names the file, the 1-based line,
// what was expected there and the offending text.
class DataError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// "PATH:LINE: expected EXPECTED; got \"TEXT\"" (TEXT shortened if very long).
[[noreturn]] void throw_data_error(const std::filesystem::path& path, std::int64_t line,
                                   std::string_view text, std::string_view expected);

class LineReader {
 public:
  // Throws DataError if it cannot be opened or is not a regular file. A UTF-8 byte order
  // mark before the first line is dropped.
  explicit LineReader(std::filesystem::path path);

  // The next line without its "\n" or "\r\n"; false at the end of the file.
  bool next(std::string_view& line);

  std::int64_t line_number() const { return line_number_; }  // of the last line returned
  std::int64_t bytes_read() const { return bytes_read_; }
  const std::filesystem::path& path() const { return path_; }

  // Throws a DataError about the last line returned.
  [[noreturn]] void fail(std::string_view expected) const;
  // The same for a file that ended before any data: "expected X; got end of file".
  [[noreturn]] void fail_empty(std::string_view expected) const;

 private:
  bool refill();

  struct Closer {
    void operator()(std::FILE* f) const { std::fclose(f); }
  };
  std::filesystem::path path_;
  std::unique_ptr<std::FILE, Closer> file_;
  std::vector<char> buffer_;
  std::size_t begin_ = 0;  // start of the unread part of buffer_
  std::size_t end_ = 0;    // end of the valid bytes in buffer_
  bool eof_ = false;
  std::int64_t line_number_ = 0;
  std::int64_t bytes_read_ = 0;
  std::string_view current_;
};

}  // namespace recgrad::data
