// Which field of an interactions line holds the user, the item, the rating and the
// timestamp. Without a header the order is fixed (user, item[, rating[, timestamp]]);
// with one, the header's names choose, by the common spellings below (userId, user_id,
// uid, movieId, item_id, iid, rating, score, timestamp, ts, ...), so that a file headed
// `movieId,userId,rating` is not read with its movies as users. `--columns
// user=NAME,item=NAME,...` names them when the spellings do not (a field's 1-based number
// works too, with or without a header). Fields no role reads are named in the report,
// never silently taken for something.
#pragma once

#include <array>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace recgrad::data {

enum class Role { User, Item, Rating, Timestamp };
inline constexpr std::array<Role, 4> kRoles = {Role::User, Role::Item, Role::Rating, Role::Timestamp};
const char* role_name(Role role);  // "user", "item", "rating", "timestamp"

struct ColumnRoles {
  std::array<int, 4> field = {0, 1, 2, 3};  // per role (Role's order), the 0-based field; -1: absent
  int fields = 4;                           // fields on every line
  std::vector<std::string> unused;          // header names of the fields no role reads

  int of(Role role) const { return field[static_cast<std::size_t>(role)]; }
  bool has(Role role) const { return of(role) >= 0; }
  // "user=userId (field 2), item=movieId (field 1), rating=rating (field 3)"; `names`
  // empty for a file without a header.
  std::string describe(std::span<const std::string_view> names = {}) const;
};

// What `--columns` asks for: per role, a header name or a 1-based field number ("" = not given).
struct ColumnChoice {
  std::array<std::string, 4> given;
  bool empty() const;
};

// Parses "user=reader,item=book,rating=stars" (or numbers: "user=2,item=1"); throws
// std::invalid_argument naming --columns and what it expects.
ColumnChoice parse_column_choice(std::string_view text);

// The role a header name stands for by its common spellings (case and '_'/'-'/' '
// ignored), if any.
bool names_role(std::string_view name, Role role);
// The spellings accepted for `role`, for messages: "user, userId, user_id, uid, ...".
std::string role_spellings(Role role);

// Roles from a header's `names` and the user's `choice`; `problem` receives what went
// wrong ("" when nothing did): no user or item column, a role named twice, a name the
// header lacks. The caller reports it with the file and line.
ColumnRoles roles_from_header(std::span<const std::string_view> names, const ColumnChoice& choice, std::string& problem);

// Roles of a file without a header: the fixed order, or the fields `choice` numbers.
ColumnRoles roles_by_position(int fields, const ColumnChoice& choice, std::string& problem);

}  // namespace recgrad::data
