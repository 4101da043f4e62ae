#include "models/widedeep/wide_features.hpp"

#include <stdexcept>

namespace recgrad {

namespace {

// Row `row`'s values in `field` (feature ids counted from the field's first), in order.
template <class Visit>
void for_each_value(const data::FeatureMatrix& m, const data::FeatureField& field, std::int32_t row, Visit visit) {
  for (const std::int32_t id : m.ids_of(row))
    if (id >= field.first && id < field.first + field.count) visit(id - field.first);
}

// The "field=value" names of a field's values.
std::vector<std::string> value_names(const data::FeatureMatrix& m, const data::FeatureField& field) {
  return {m.names.begin() + field.first, m.names.begin() + field.first + field.count};
}

}  // namespace

WideFeatures::WideFeatures(const ModelData& data, const std::vector<std::string>& crossed_fields)
    : num_users_(data.num_users), num_items_(data.num_items), size_(std::int64_t{data.num_users} + data.num_items) {
  const data::FeatureMatrix* users = data.user_features;
  const data::FeatureMatrix* items = data.item_features;
  const data::FeatureField* genre = items ? items->field("genre") : nullptr;
  if (users == nullptr || genre == nullptr) return;  // ids only
  if (users->num_rows() != num_users_ || items->num_rows() != num_items_)
    throw std::invalid_argument("widedeep: the feature rows do not match the numbers of users and items");
  num_genres_ = genre->count;
  genre_names_ = value_names(*items, *genre);
  for (Id i = 0; i < num_items_; ++i) {
    for_each_value(*items, *genre, i, [&](std::int32_t g) { genres_.push_back(g); });
    genre_offsets_.push_back(static_cast<std::int64_t>(genres_.size()));
  }
  for (const std::string& name : crossed_fields) {
    const data::FeatureField* field = users->field(name);
    if (field == nullptr) continue;
    Cross c{name, size_, field->count, std::vector<std::int32_t>(static_cast<std::size_t>(num_users_), -1),
            value_names(*users, *field)};
    for (Id u = 0; u < num_users_; ++u) for_each_value(*users, *field, u, [&](std::int32_t v) { c.value_of_user[u] = v; });
    size_ += std::int64_t{c.values} * num_genres_;
    crosses_.push_back(std::move(c));
  }
}

std::vector<std::string> WideFeatures::crossed_fields() const {
  std::vector<std::string> out;
  for (const Cross& c : crosses_) out.push_back(c.field);
  return out;
}

void WideFeatures::encode(std::span<const Id> users, std::span<const Id> items, std::vector<Id>& ids,
                          std::vector<std::int64_t>& offsets) const {
  ids.clear();
  offsets.assign(1, 0);
  for (std::size_t r = 0; r < users.size(); ++r) {
    const Id u = users[r], i = items[r];
    if (u < 0 || u >= num_users_ || i < 0 || i >= num_items_)
      throw std::out_of_range("widedeep: pair (" + std::to_string(u) + ", " + std::to_string(i) + ") outside " +
                              std::to_string(num_users_) + " users x " + std::to_string(num_items_) + " items");
    ids.push_back(u);
    ids.push_back(num_users_ + i);
    if (!crosses_.empty())
      for (std::int64_t k = genre_offsets_[i]; k < genre_offsets_[i + 1]; ++k)
        for (const Cross& c : crosses_)
          if (const std::int32_t v = c.value_of_user[u]; v >= 0)
            ids.push_back(static_cast<Id>(c.first + std::int64_t{v} * num_genres_ + genres_[k]));
    offsets.push_back(static_cast<std::int64_t>(ids.size()));
  }
}

std::string WideFeatures::name(std::int64_t feature) const {
  if (feature < 0 || feature >= size_)
    throw std::out_of_range("widedeep: wide feature " + std::to_string(feature) + " of " + std::to_string(size_));
  if (feature < num_users_) return "user_id=" + std::to_string(feature);
  if (feature < num_users_ + num_items_) return "item_id=" + std::to_string(feature - num_users_);
  for (const Cross& c : crosses_) {
    const std::int64_t local = feature - c.first;
    if (local < std::int64_t{c.values} * num_genres_)
      return c.value_names[static_cast<std::size_t>(local / num_genres_)] + " x " +
             genre_names_[static_cast<std::size_t>(local % num_genres_)];
  }
  throw std::logic_error("widedeep: wide feature " + std::to_string(feature) + " in no block");
}

}  // namespace recgrad
