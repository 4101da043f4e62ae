// Sparse feature rows for users or items, grouped into named fields.
//
// Row r (a user or an item index) has the features
//   ids[offsets[r] .. offsets[r+1])  with weights  weights[offsets[r] .. offsets[r+1]),
// sorted by feature id. Feature ids are 0-based within one matrix (user features and
// item features are numbered separately) and each field owns a contiguous block:
//
//   field 0 = "user_id" / "item_id": feature r is "this row is r" (first 0, count = rows)
//   field 1.. = metadata, e.g. age | gender | occupation, or genre | decade
//
// So a LightFM-style model is "embedding of a row = weighted sum of the embeddings of
// its features", and a plain id model uses field 0 only. A single-valued field has one
// feature of weight 1 (or none when unknown); a multi-valued field such as genre has
// weights that sum to 1 per row, so many genres do not outweigh one.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "data/id_map.hpp"

namespace recgrad::data {

struct FeatureField {
  std::string name;
  std::int32_t first = 0;  // first feature id of the field
  std::int32_t count = 0;  // number of feature ids in the field
};

struct FeatureMatrix {
  std::vector<std::int64_t> offsets{0};  // rows + 1 entries
  std::vector<std::int32_t> ids;
  std::vector<float> weights;
  std::vector<FeatureField> fields;
  std::vector<std::string> names;  // "field=value" per feature id, for printing

  std::int32_t num_rows() const { return static_cast<std::int32_t>(offsets.size()) - 1; }
  std::int32_t num_features() const { return static_cast<std::int32_t>(names.size()); }
  std::span<const std::int32_t> ids_of(std::int32_t row) const {
    return {ids.data() + offsets[row], ids.data() + offsets[row + 1]};
  }
  std::span<const float> weights_of(std::int32_t row) const {
    return {weights.data() + offsets[row], weights.data() + offsets[row + 1]};
  }
  const FeatureField* field(std::string_view name) const;  // nullptr if absent
  std::int32_t field_of(std::int32_t feature) const;        // index into `fields`
  std::int64_t nonzeros_in(const FeatureField& field) const;  // entries that fall in the field
};

// Collects (row, field, value, weight) entries in any order and assembles the matrix.
// Values of a field are numbered in the order given at add_field, then in order of
// first appearance; `sorted` numbers them in name order instead (e.g. decades).
class FeatureBuilder {
 public:
  // `ids` gives the rows and their names for the id field; it must outlive build().
  FeatureBuilder(std::string id_field, const IdMap& ids);

  std::int32_t add_field(std::string name, const std::vector<std::string>& values = {},
                         bool sorted = false);
  std::int32_t field_index(std::string_view name) const;  // -1 if absent
  void add(std::int32_t row, std::int32_t field, std::string_view value, float weight = 1.0f);

  FeatureMatrix build() const;

 private:
  struct Field {
    std::string name;
    IdMap values;
    bool sorted = false;
  };
  struct Entry {
    std::int32_t row, field, value;
    float weight;
  };
  std::string id_field_;
  const IdMap* ids_;
  std::vector<Field> fields_;
  std::vector<Entry> entries_;
};

}  // namespace recgrad::data
