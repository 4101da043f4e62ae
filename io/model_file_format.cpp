#include "io/model_file_format.hpp"

#include <xxhash.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <fstream>
#include <string>

#include "io/model_file.hpp"

namespace recgrad::model_file {

void Checksum::Free::operator()(XXH64_state_s* s) const { XXH64_freeState(s); }

Checksum::Checksum() : state_(XXH64_createState()) {
  if (!state_) throw std::bad_alloc();
  XXH64_reset(state_.get(), 0);
}

void Checksum::update(const void* data, std::size_t n) { XXH64_update(state_.get(), data, n); }
std::uint64_t Checksum::digest() const { return XXH64_digest(state_.get()); }
std::uint64_t checksum(const void* data, std::size_t n) { return XXH64(data, n, 0); }

void Decoder::fail(const std::string& what) const {
  throw ModelFileError(path_.string() + ": bad model file: " + (part_.empty() ? "" : part_ + ": ") + what);
}

std::span<const char> Decoder::take(std::uint64_t n) {
  if (n > remaining())
    fail("needs " + std::to_string(n) + " more bytes at offset " + std::to_string(kHeaderBytes + pos_) + ", only " +
         std::to_string(remaining()) + " are left");
  const auto out = bytes_.subspan(pos_, n);
  pos_ += n;
  return out;
}

namespace {
template <class U>
U little_endian(std::span<const char> b) {
  U v = 0;
  for (std::size_t i = 0; i < sizeof(U); ++i) v |= static_cast<U>(static_cast<unsigned char>(b[i])) << (8 * i);
  return v;
}
}  // namespace

std::uint8_t Decoder::u8() { return static_cast<std::uint8_t>(take(1)[0]); }
std::uint32_t Decoder::u32() { return little_endian<std::uint32_t>(take(4)); }
std::uint64_t Decoder::u64() { return little_endian<std::uint64_t>(take(8)); }

std::string Decoder::string() {
  const auto b = take(u32());
  return {b.data(), b.size()};
}

std::vector<std::string> Decoder::strings() {
  const std::uint32_t n = u32();
  // Each string costs at least its 4-byte length: a count beyond that is damage, and
  // must not turn into a huge reserve().
  if (n > remaining() / 4) fail("a list of " + std::to_string(n) + " strings cannot fit in the " +
                                std::to_string(remaining()) + " bytes left");
  std::vector<std::string> out;
  out.reserve(n);
  for (std::uint32_t i = 0; i < n; ++i) out.push_back(string());
  return out;
}

void Decoder::floats(std::span<float> out) {
  const auto b = take(out.size_bytes());
  if constexpr (std::endian::native == std::endian::little) {
    if (!out.empty()) std::memcpy(out.data(), b.data(), b.size());
  } else {
    for (std::size_t i = 0; i < out.size(); ++i) out[i] = std::bit_cast<float>(little_endian<std::uint32_t>(b.subspan(4 * i)));
  }
}

std::span<const char> checked_body(std::span<const char> file, const std::filesystem::path& path,
                                   std::uint32_t* version_out) {
  const std::string name = path.string();
  const std::size_t n = file.size();
  const std::size_t magic_seen = std::min(n, sizeof kMagic);
  if (n == 0 || std::memcmp(file.data(), kMagic, magic_seen) != 0)
    throw ModelFileError(name + ": not a recgrad model file (" +
                         (n == 0 ? std::string("the file is empty") : "its first bytes are not the model-file magic") + ")");
  if (n < kHeaderBytes)
    throw ModelFileError(name + ": model file is truncated: " + std::to_string(n) + " bytes, shorter than its " +
                         std::to_string(kHeaderBytes) + "-byte header");
  const std::uint32_t version = little_endian<std::uint32_t>(file.subspan(8));
  if (version < kOldestVersion || version > kVersion)
    throw ModelFileError(name + ": model file format version " + std::to_string(version) +
                         " is not supported (this build reads versions " + std::to_string(kOldestVersion) + " to " +
                         std::to_string(kVersion) + ")");
  if (version_out != nullptr) *version_out = version;
  const std::uint64_t stated = little_endian<std::uint64_t>(file.subspan(12));
  if (n < stated)
    throw ModelFileError(name + ": model file is truncated: " + std::to_string(n) + " bytes of the " +
                         std::to_string(stated) + " its header states");
  if (n > stated)
    throw ModelFileError(name + ": model file has " + std::to_string(n - stated) +
                         " bytes more than the " + std::to_string(stated) + " its header states (damaged or appended to)");
  if (n < kHeaderBytes + kChecksumBytes)
    throw ModelFileError(name + ": model file is truncated: no room for its checksum");
  const std::uint64_t stored = little_endian<std::uint64_t>(file.subspan(n - kChecksumBytes));
  const std::uint64_t actual = checksum(file.data(), n - kChecksumBytes);
  if (stored != actual) {
    char text[96];
    std::snprintf(text, sizeof text, "stored %016llx, computed %016llx", static_cast<unsigned long long>(stored),
                  static_cast<unsigned long long>(actual));
    throw ModelFileError(name + ": model file is corrupted: checksum mismatch (" + text + ")");
  }
  return file.subspan(kHeaderBytes, n - kHeaderBytes - kChecksumBytes);
}

std::vector<char> read_file(const std::filesystem::path& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) throw ModelFileError(path.string() + ": is a directory, not a model file");
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  if (!in) throw ModelFileError(path.string() + ": cannot open the model file: " + std::strerror(errno));
  const std::streamoff size = in.tellg();
  std::vector<char> bytes(static_cast<std::size_t>(size));
  in.seekg(0);
  if (size > 0 && !in.read(bytes.data(), size)) throw ModelFileError(path.string() + ": cannot read the model file");
  return bytes;
}

}  // namespace recgrad::model_file
