// Raw ids (as written in the data files) <-> dense 0-based indices.
//
// Models index embedding rows by dense indices; output (recommendations, errors)
// prints the raw ids. Raw ids are strings because files may use any token ("u17"),
// but most files use small integers, so those below 2^24 take a direct-array fast path
// instead of hashing: it is what makes a 10-million-line load quick. The array grows
// only while it stays in proportion to the ids it holds (16 slots an id, or 64 k slots),
// so memory follows the data, not the largest id: a lone id 16777215 goes to the hash
// map rather than costing 64 MB.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace recgrad::data {

class IdMap {
 public:
  std::int32_t size() const { return static_cast<std::int32_t>(raw_.size()); }

  // The index of `raw`, assigning the next one if it is new.
  std::int32_t insert(std::string_view raw);
  std::optional<std::int32_t> find(std::string_view raw) const;
  const std::string& raw(std::int32_t index) const { return raw_[static_cast<std::size_t>(index)]; }

  // If every raw id is a plain non-negative integer ("17", not "017" or "u17"), renumbers
  // the indices into numeric order and returns old index -> new index; otherwise leaves
  // the map alone and returns an empty vector. Makes indices independent of file order.
  std::vector<std::int32_t> renumber_numerically();

  // Slots of the direct array (for memory accounting and its test).
  std::size_t dense_slots() const { return small_.size(); }

 private:
  static constexpr std::int64_t kSmallLimit = std::int64_t{1} << 24;
  static constexpr std::size_t kDenseFloor = std::size_t{1} << 16;
  static constexpr std::size_t kDensePerId = 16;
  // Whether `small` has or may get a slot of the direct array within its budget.
  bool fits_dense(std::int64_t small) const;
  std::size_t dense_budget() const;
  // The value of a canonical small integer id, or -1.
  static std::int64_t small_integer(std::string_view raw);

  std::vector<std::string> raw_;
  std::vector<std::int32_t> small_;  // small integer id -> index, -1 if absent
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  std::unordered_map<std::string, std::int32_t, Hash, std::equal_to<>> other_;
};

// Renumbers `ids` as above and rewrites `indices` (e.g. an interaction column) to match.
void renumber_numerically(IdMap& ids, std::span<std::int32_t> indices);

}  // namespace recgrad::data
