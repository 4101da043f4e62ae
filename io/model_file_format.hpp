// The bytes of a model file (io/model_file.hpp has the layout): the header, the
// little-endian encodings of integers, strings and float32 arrays, and the checksum.
// Writing goes through an Encoder over a sink, so the same code that writes a file
// can first count its size, which the header states before anything else.
#pragma once

#include <bit>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

struct XXH64_state_s;  // xxhash.h, included by the .cpp only

namespace recgrad::model_file {

// The first bytes of every model file. As in PNG's signature: the high first byte
// catches a transfer that strips the 8th bit, the CR LF pair one that rewrites line
// ends, and ^Z stops a DOS `type` from printing the binary rest.
inline constexpr char kMagic[8] = {'\x89', 'R', 'G', 'M', '\r', '\n', '\x1a', '\n'};
// Version 2 added the feature rows and the model state (io/model_file.hpp); this
// build still reads version 1 files, whose models need neither.
inline constexpr std::uint32_t kVersion = 3;
inline constexpr std::uint32_t kOldestVersion = 1;
inline constexpr std::uint64_t kHeaderBytes = sizeof kMagic + 4 + 8;  // magic, version, file size
inline constexpr std::uint64_t kChecksumBytes = 8;

// xxhash64 with seed 0, fed piece by piece.
class Checksum {
 public:
  Checksum();
  void update(const void* data, std::size_t n);
  std::uint64_t digest() const;

 private:
  struct Free {
    void operator()(XXH64_state_s* s) const;
  };
  std::unique_ptr<XXH64_state_s, Free> state_;
};
std::uint64_t checksum(const void* data, std::size_t n);

// A sink that only counts: the first pass of a save, which sizes the file.
struct ByteCounter {
  std::uint64_t bytes = 0;
  static constexpr bool kWrites = false;
  void put(const char*, std::size_t n) { bytes += n; }
};

template <class Sink>
class Encoder {
 public:
  explicit Encoder(Sink& sink) : sink_(sink) {}

  void raw(const void* data, std::size_t n) { sink_.put(static_cast<const char*>(data), n); }
  void u8(std::uint8_t v) { raw(&v, 1); }
  void u32(std::uint32_t v) { little_endian(v); }
  void u64(std::uint64_t v) { little_endian(v); }
  void string(std::string_view s) {
    u32(static_cast<std::uint32_t>(s.size()));
    raw(s.data(), s.size());
  }
  void strings(std::span<const std::string> list) {
    u32(static_cast<std::uint32_t>(list.size()));
    for (const std::string& s : list) string(s);
  }
  void floats(std::span<const float> values) {
    if constexpr (std::endian::native == std::endian::little) {
      raw(values.data(), values.size_bytes());
    } else {
      for (const float v : values) u32(std::bit_cast<std::uint32_t>(v));
    }
  }

 private:
  template <class U>
  void little_endian(U v) {
    char b[sizeof(U)];
    for (std::size_t i = 0; i < sizeof(U); ++i) b[i] = static_cast<char>((v >> (8 * i)) & 0xff);
    raw(b, sizeof b);
  }

  Sink& sink_;
};

// Reads what an Encoder wrote from the bytes of a whole file, checking every length
// against what is left, so a bad count can neither read past the end nor ask for a
// huge allocation. Errors (ModelFileError) name the file and the part being read.
class Decoder {
 public:
  Decoder(std::span<const char> bytes, std::filesystem::path path) : bytes_(bytes), path_(std::move(path)) {}

  void set_part(std::string part) { part_ = std::move(part); }  // for messages: "users", "parameter 'x'"
  std::uint8_t u8();
  std::uint32_t u32();
  std::uint64_t u64();
  std::string string();
  std::vector<std::string> strings();
  void floats(std::span<float> out);
  std::span<const char> take(std::uint64_t n);

  std::uint64_t position() const { return pos_; }
  std::uint64_t remaining() const { return bytes_.size() - pos_; }
  [[noreturn]] void fail(const std::string& what) const;

 private:
  std::span<const char> bytes_;
  std::filesystem::path path_;
  std::string part_;
  std::uint64_t pos_ = 0;
};

// Checks the header and the checksum of a whole file's bytes, in the order that gives
// the most telling message: not a model file, a version this build cannot read, a
// truncated (or extended) file, then any other damage. Returns the body: the bytes
// between the header and the checksum; `version` gets the file's format version.
std::span<const char> checked_body(std::span<const char> file, const std::filesystem::path& path,
                                   std::uint32_t* version = nullptr);

// Reads a whole file; ModelFileError if it cannot.
std::vector<char> read_file(const std::filesystem::path& path);

}  // namespace recgrad::model_file
