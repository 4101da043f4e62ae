#include "data/features.hpp"

#include <algorithm>
#include <numeric>
#include <stdexcept>

namespace recgrad::data {

const FeatureField* FeatureMatrix::field(std::string_view name) const {
  for (const auto& f : fields)
    if (f.name == name) return &f;
  return nullptr;
}

std::int32_t FeatureMatrix::field_of(std::int32_t feature) const {
  for (std::size_t i = 0; i < fields.size(); ++i)
    if (feature >= fields[i].first && feature < fields[i].first + fields[i].count)
      return static_cast<std::int32_t>(i);
  throw std::out_of_range("FeatureMatrix::field_of: feature " + std::to_string(feature) +
                          " outside " + std::to_string(num_features()) + " features");
}

std::int64_t FeatureMatrix::nonzeros_in(const FeatureField& f) const {
  return std::count_if(ids.begin(), ids.end(),
                       [&](std::int32_t id) { return id >= f.first && id < f.first + f.count; });
}

FeatureBuilder::FeatureBuilder(std::string id_field, const IdMap& ids)
    : id_field_(std::move(id_field)), ids_(&ids) {}

std::int32_t FeatureBuilder::add_field(std::string name, const std::vector<std::string>& values,
                                       bool sorted) {
  if (name == id_field_ || field_index(name) >= 0)
    throw std::invalid_argument("FeatureBuilder: field \"" + name + "\" declared twice");
  Field f{std::move(name), {}, sorted};
  for (const auto& v : values) f.values.insert(v);
  fields_.push_back(std::move(f));
  return static_cast<std::int32_t>(fields_.size()) - 1;
}

std::int32_t FeatureBuilder::field_index(std::string_view name) const {
  for (std::size_t i = 0; i < fields_.size(); ++i)
    if (fields_[i].name == name) return static_cast<std::int32_t>(i);
  return -1;
}

void FeatureBuilder::add(std::int32_t row, std::int32_t field, std::string_view value,
                         float weight) {
  if (field < 0 || static_cast<std::size_t>(field) >= fields_.size())
    throw std::out_of_range("FeatureBuilder::add: no field " + std::to_string(field));
  entries_.push_back({row, field, fields_[static_cast<std::size_t>(field)].values.insert(value),
                      weight});
}

FeatureMatrix FeatureBuilder::build() const {
  FeatureMatrix m;
  const std::int32_t rows = ids_->size();
  // Feature ids: the id field first, then each field's block in declaration order.
  m.fields.push_back({id_field_, 0, rows});
  m.names.reserve(static_cast<std::size_t>(rows));
  for (std::int32_t r = 0; r < rows; ++r) m.names.push_back(id_field_ + "=" + ids_->raw(r));
  std::vector<std::vector<std::int32_t>> value_to_id(fields_.size());
  for (std::size_t f = 0; f < fields_.size(); ++f) {
    const Field& field = fields_[f];
    const std::int32_t count = field.values.size();
    std::vector<std::int32_t> order(static_cast<std::size_t>(count));
    std::iota(order.begin(), order.end(), 0);
    if (field.sorted)
      std::sort(order.begin(), order.end(), [&](std::int32_t a, std::int32_t b) {
        return field.values.raw(a) < field.values.raw(b);
      });
    value_to_id[f].resize(static_cast<std::size_t>(count));
    const std::int32_t first = m.num_features();
    for (std::int32_t n = 0; n < count; ++n) {
      value_to_id[f][order[n]] = first + n;
      m.names.push_back(field.name + "=" + field.values.raw(order[n]));
    }
    m.fields.push_back({field.name, first, count});
  }

  // Counting sort of the entries by row; every row starts with its own id feature.
  m.offsets.assign(static_cast<std::size_t>(rows) + 1, 0);
  for (std::int32_t r = 0; r < rows; ++r) m.offsets[r + 1] = 1;
  for (const Entry& e : entries_) {
    if (e.row < 0 || e.row >= rows)
      throw std::out_of_range("FeatureBuilder: row " + std::to_string(e.row) + " outside " +
                              std::to_string(rows) + " rows");
    ++m.offsets[e.row + 1];
  }
  for (std::int32_t r = 0; r < rows; ++r) m.offsets[r + 1] += m.offsets[r];
  m.ids.resize(static_cast<std::size_t>(m.offsets.back()));
  m.weights.resize(m.ids.size());
  std::vector<std::int64_t> cursor(m.offsets.begin(), m.offsets.end() - 1);
  for (std::int32_t r = 0; r < rows; ++r) {
    m.ids[cursor[r]] = r;
    m.weights[cursor[r]++] = 1.0f;
  }
  for (const Entry& e : entries_) {
    m.ids[cursor[e.row]] = value_to_id[e.field][e.value];
    m.weights[cursor[e.row]++] = e.weight;
  }

  // Sort each row by feature id; repeated entries of one feature add up.
  std::vector<std::pair<std::int32_t, float>> row;
  std::int64_t write = 0;
  for (std::int32_t r = 0; r < rows; ++r) {
    row.clear();
    for (std::int64_t k = m.offsets[r]; k < m.offsets[r + 1]; ++k)
      row.emplace_back(m.ids[k], m.weights[k]);
    std::sort(row.begin(), row.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    m.offsets[r] = write;
    for (const auto& [id, w] : row) {
      if (write > m.offsets[r] && m.ids[write - 1] == id) {
        m.weights[write - 1] += w;
        continue;
      }
      m.ids[write] = id;
      m.weights[write++] = w;
    }
  }
  m.offsets[rows] = write;
  m.ids.resize(static_cast<std::size_t>(write));
  m.weights.resize(static_cast<std::size_t>(write));
  return m;
}

}  // namespace recgrad::data
