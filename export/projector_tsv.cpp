#include "export/projector_tsv.hpp"

#include <stdexcept>

#include "io/atomic_file.hpp"

namespace recgrad {

std::string tsv_field(std::string_view text) {
  std::string out(text);
  for (char& c : out)
    if (c == '\t' || c == '\n' || c == '\r') c = ' ';
  return out;
}

void write_vectors_tsv(const std::filesystem::path& path, std::span<const float> values, std::int64_t rows,
                       std::int64_t cols) {
  if (rows < 0 || cols <= 0 || static_cast<std::int64_t>(values.size()) != rows * cols)
    throw std::invalid_argument("vectors TSV: " + std::to_string(values.size()) + " values are not " +
                                std::to_string(rows) + " rows of " + std::to_string(cols));
  AtomicFile out(path);
  for (std::int64_t r = 0; r < rows; ++r) {
    for (std::int64_t c = 0; c < cols; ++c) {
      if (c > 0) out.write("\t");
      out.write_number(values[static_cast<std::size_t>(r * cols + c)]);
    }
    out.write("\n");
  }
  out.commit();
}

void write_metadata_tsv(const std::filesystem::path& path, std::span<const MetadataColumn> columns) {
  if (columns.empty()) throw std::invalid_argument("metadata TSV: no columns to write to " + path.string());
  const std::size_t rows = columns.front().values.size();
  for (const MetadataColumn& column : columns)
    if (column.values.size() != rows)
      throw std::invalid_argument("metadata TSV: column '" + column.name + "' has " +
                                  std::to_string(column.values.size()) + " values, column '" +
                                  columns.front().name + "' " + std::to_string(rows));
  AtomicFile out(path);
  auto write_row = [&](auto field_of) {
    for (std::size_t c = 0; c < columns.size(); ++c) {
      if (c > 0) out.write("\t");
      out.write(tsv_field(field_of(columns[c])));
    }
    out.write("\n");
  };
  if (columns.size() > 1) write_row([](const MetadataColumn& column) -> const std::string& { return column.name; });
  for (std::size_t r = 0; r < rows; ++r)
    write_row([r](const MetadataColumn& column) -> const std::string& { return column.values[r]; });
  out.commit();
}

}  // namespace recgrad
