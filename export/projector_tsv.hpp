// The input files of TensorBoard's Embedding Projector (projector.tensorflow.org,
// "Load"): a vectors file, one row of tab-separated floats per point and no header, and
// a metadata file with one row per point in the same order. The projector's rule for
// the metadata: with two or more columns the first row names them; a single column has
// no header row. Both are written atomically (io/atomic_file.hpp).
#pragma once

#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace recgrad {

struct MetadataColumn {
  std::string name;
  std::vector<std::string> values;  // one per point
};

// `text` as one TSV field: TSV has no escape, and the projector splits at every tab and
// line break, so each of them becomes a space.
std::string tsv_field(std::string_view text);

// `rows` vectors of `cols` floats each, row-major, as shortest round-trip decimals.
void write_vectors_tsv(const std::filesystem::path& path, std::span<const float> values, std::int64_t rows,
                       std::int64_t cols);

// Throws std::invalid_argument for no columns or columns of different lengths.
void write_metadata_tsv(const std::filesystem::path& path, std::span<const MetadataColumn> columns);

}  // namespace recgrad
