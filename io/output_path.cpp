#include "io/output_path.hpp"

#include <stdexcept>
#include <system_error>

namespace recgrad {

namespace fs = std::filesystem;

namespace {

// Follows the link chain at `path` (a dangling link's target included), relative links
// from the link's own folder; the kernel's limit on the chain's length.
fs::path follow_links(fs::path path) {
  for (int hops = 0; hops < 40; ++hops) {
    std::error_code ec;
    if (!fs::is_symlink(fs::symlink_status(path, ec))) return path;
    const fs::path target = fs::read_symlink(path, ec);
    if (ec) throw std::runtime_error(path.string() + ": cannot read the link: " + ec.message());
    path = target.is_absolute() ? target : path.parent_path() / target;
  }
  throw std::runtime_error(path.string() + ": too many links (a loop?)");
}

bool names_a_descriptor(const fs::path& path) {
  const std::string text = path.lexically_normal().string();
  return text.rfind("/proc/", 0) == 0 || text.rfind("/dev/fd/", 0) == 0 || text == "/dev/stdout" ||
         text == "/dev/stderr";
}

const char* what_stands(fs::file_type type) {
  switch (type) {
    case fs::file_type::directory: return "a directory";
    case fs::file_type::socket: return "a socket";
    case fs::file_type::block: return "a block device";
    default: return "not a regular file";
  }
}

// The path as the file system knows it, for comparing: links followed, "." and ".." gone.
fs::path identity(const fs::path& path) {
  std::error_code ec;
  const fs::path out = fs::weakly_canonical(follow_links(path), ec);
  return ec ? fs::absolute(path) : out;
}

bool same_file(const fs::path& a, const fs::path& b) {
  std::error_code ec;
  if (fs::exists(a, ec) && fs::exists(b, ec)) return fs::equivalent(a, b, ec);
  return identity(a) == identity(b);
}

}  // namespace

OutputTarget resolve_output(const fs::path& requested) {
  std::error_code ec;
  const fs::file_status status = fs::status(requested, ec);  // the kernel follows the links
  switch (status.type()) {
    case fs::file_type::character:
    case fs::file_type::fifo: return {requested, true};
    case fs::file_type::not_found:
    case fs::file_type::regular: {
      // /dev/stdout and the like: an open descriptor's file, written through it.
      if (names_a_descriptor(requested)) return {requested, true};
      const fs::path file = follow_links(requested);
      if (names_a_descriptor(file)) return {requested, true};
      return {file, false};
    }
    default:
      throw std::runtime_error(requested.string() + ": " + what_stands(status.type()) +
                               " stands there; give the path of a file to write");
  }
}

void refuse_output_over_input(std::span<const NamedPath> inputs, std::span<const NamedPath> outputs) {
  for (const NamedPath& out : outputs) {
    if (out.path.empty()) continue;
    for (const NamedPath& in : inputs) {
      if (in.path.empty()) continue;
      std::error_code ec;
      const bool inside = fs::is_directory(in.path, ec) && identity(out.path).parent_path() == identity(in.path);
      if (same_file(in.path, out.path) || (inside && fs::exists(out.path, ec)))
        throw std::invalid_argument(out.option + " " + out.path.string() + " would overwrite " +
                                    (inside ? "a file of " : "") + in.option + " " + in.path.string() +
                                    ": write somewhere else");
    }
  }
}

}  // namespace recgrad
