#include "data/line_reader.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "data/text.hpp"

namespace recgrad::data {

namespace {
constexpr std::size_t kChunk = std::size_t{1} << 22;
constexpr std::size_t kMinBuffer = 4096;
}  // namespace

void throw_data_error(const std::filesystem::path& path, std::int64_t line, std::string_view text,
                      std::string_view expected) {
  throw DataError(path.string() + ":" + std::to_string(line) + ": expected " + std::string(expected) + "; got " +
                  quoted(text));
}

LineReader::LineReader(std::filesystem::path path) : path_(std::move(path)) {
  // A FIFO would wait for a writer forever and a device never end (/dev/zero): only files.
  std::error_code ec;
  const auto type = std::filesystem::status(path_, ec).type();
  if (type != std::filesystem::file_type::regular && type != std::filesystem::file_type::not_found)
    throw DataError(path_.string() + ": not a regular file (a FIFO, a device or a folder); give a data file");
  file_.reset(std::fopen(path_.c_str(), "rb"));
  if (!file_) throw DataError(path_.string() + ": cannot open: " + std::strerror(errno));
  // A file smaller than a chunk gets a buffer its size (one byte over, so that the read
  // which finds the end needs no growing): zeroing and faulting in 4 MiB for a 2 kB
  // u.user or feature file cost more than reading it. A file that grows meanwhile still
  // reads whole: refill() doubles the buffer when a line fills it.
  const std::uintmax_t size = type == std::filesystem::file_type::regular ? std::filesystem::file_size(path_, ec) : 0;
  buffer_.resize(ec ? kChunk : static_cast<std::size_t>(std::clamp<std::uintmax_t>(size + 1, kMinBuffer, kChunk)));
}

bool LineReader::refill() {
  if (eof_) return false;
  // Keep the unfinished tail of the chunk; grow when one line fills the whole buffer.
  const std::size_t tail = end_ - begin_;
  if (begin_ > 0) std::memmove(buffer_.data(), buffer_.data() + begin_, tail);
  else if (tail == buffer_.size()) buffer_.resize(buffer_.size() * 2);
  begin_ = 0;
  end_ = tail;
  const std::size_t got = std::fread(buffer_.data() + end_, 1, buffer_.size() - end_, file_.get());
  if (got == 0) {
    if (std::ferror(file_.get()))
      throw DataError(path_.string() + ": read error: " + std::strerror(errno));
    eof_ = true;
    return false;
  }
  end_ += got;
  bytes_read_ += static_cast<std::int64_t>(got);
  return true;
}

bool LineReader::next(std::string_view& line) {
  std::size_t scanned = begin_;
  for (;;) {
    const void* nl = std::memchr(buffer_.data() + scanned, '\n', end_ - scanned);
    if (nl != nullptr) {
      const std::size_t pos = static_cast<const char*>(nl) - buffer_.data();
      current_ = std::string_view(buffer_.data() + begin_, pos - begin_);
      begin_ = pos + 1;
      break;
    }
    const std::size_t scanned_offset = end_ - begin_;  // survives the memmove in refill
    if (!refill()) {
      if (begin_ == end_) return false;
      current_ = std::string_view(buffer_.data() + begin_, end_ - begin_);  // no final newline
      begin_ = end_;
      break;
    }
    scanned = begin_ + scanned_offset;
  }
  if (!current_.empty() && current_.back() == '\r') current_.remove_suffix(1);
  // A UTF-8 byte order mark (spreadsheets write one) is not part of the first field.
  if (line_number_ == 0 && current_.starts_with("\xEF\xBB\xBF")) current_.remove_prefix(3);
  ++line_number_;
  line = current_;
  return true;
}

void LineReader::fail(std::string_view expected) const {
  throw_data_error(path_, line_number_, current_, expected);
}

void LineReader::fail_empty(std::string_view expected) const {
  throw DataError(path_.string() + ":" + std::to_string(line_number_ + 1) + ": expected " +
                  std::string(expected) + "; got end of file (the file has no data lines)");
}

}  // namespace recgrad::data
