#include "data/columns.hpp"

#include <algorithm>
#include <cctype>
#include <stdexcept>

#include "data/text.hpp"

namespace recgrad::data {

namespace {

// Spellings as compared: lower case, without '_', '-' and ' ' ("user_id", "userId" and
// "User ID" are all "userid"). The first of each list is how messages write the role.
const std::vector<std::string_view>& spellings(Role role) {
  static const std::array<std::vector<std::string_view>, 4> lists = {{
      {"user", "userid", "uid", "users", "customer", "customerid", "visitor", "visitorid", "member", "memberid",
       "account", "accountid", "reader", "readerid", "listener", "listenerid", "person", "personid", "client",
       "clientid", "session", "sessionid"},
      {"item", "itemid", "iid", "items", "movie", "movieid", "mid", "product", "productid", "pid", "track",
       "trackid", "song", "songid", "book", "bookid", "isbn", "asin", "article", "articleid", "artist", "artistid",
       "sku", "video", "videoid", "game", "gameid", "recipe", "recipeid", "business", "businessid"},
      {"rating", "ratings", "score", "stars", "star", "rate", "grade", "preference", "count", "plays", "playcount",
       "clicks", "weight", "confidence"},
      {"timestamp", "time", "ts", "unixtime", "unixtimestamp", "epoch", "datetime", "createdat", "eventtime"},
  }};
  return lists[static_cast<std::size_t>(role)];
}

std::string normalised(std::string_view name) {
  std::string out;
  for (const char c : name)
    if (c != '_' && c != '-' && c != ' ') out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool same_name(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

// "userId, movieId, title" (quoted, and shortened when long): what a header holds.
std::string found(std::span<const std::string_view> names) {
  std::string out;
  for (std::size_t f = 0; f < names.size() && f < 12; ++f) out += (f ? ", " : "") + quoted(names[f]);
  return names.size() > 12 ? out + ", ... (" + std::to_string(names.size()) + " columns)" : out;
}

// A 1-based field number, or 0 when `text` is not one.
int field_number(std::string_view text) {
  int n = 0;
  return parse_number(text, n) && n >= 1 ? n : 0;
}

// Every field a role reads at most once, and the user and the item read.
std::string check_roles(const ColumnRoles& roles) {
  for (const Role r : {Role::User, Role::Item})
    if (!roles.has(r)) return "";  // the caller words this one with what it found
  for (std::size_t a = 0; a < kRoles.size(); ++a)
    for (std::size_t b = a + 1; b < kRoles.size(); ++b)
      if (roles.field[a] >= 0 && roles.field[a] == roles.field[b])
        return std::string("--columns to give the ") + role_name(kRoles[a]) + " and the " + role_name(kRoles[b]) +
               " different columns (both read field " + std::to_string(roles.field[a] + 1) + ")";
  return "";
}

}  // namespace

const char* role_name(Role role) {
  static constexpr std::array<const char*, 4> names = {"user", "item", "rating", "timestamp"};
  return names[static_cast<std::size_t>(role)];
}

bool names_role(std::string_view name, Role role) {
  const std::string n = normalised(name);
  const auto& list = spellings(role);
  return std::find(list.begin(), list.end(), n) != list.end();
}

std::string role_spellings(Role role) {
  std::string out;
  const auto& list = spellings(role);
  for (std::size_t s = 0; s < list.size() && s < 8; ++s) out += (s ? ", " : "") + std::string(list[s]);
  return out + ", ...";
}

bool ColumnChoice::empty() const {
  return std::all_of(given.begin(), given.end(), [](const std::string& g) { return g.empty(); });
}

ColumnChoice parse_column_choice(std::string_view text) {
  ColumnChoice choice;
  const std::string expected = "expected role=column pairs separated by commas, the roles user, item, rating and "
                               "timestamp, each column a header name or a field number from 1 (e.g. "
                               "user=userId,item=movieId), got " + quoted(text);
  for (std::string_view rest = text; !rest.empty();) {
    const std::size_t comma = rest.find(',');
    const std::string_view pair = trim(rest.substr(0, comma));
    rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
    const std::size_t eq = pair.find('=');
    if (eq == std::string_view::npos) throw std::invalid_argument("--columns: " + expected);
    const std::string_view role = trim(pair.substr(0, eq)), column = trim(pair.substr(eq + 1));
    const auto which = std::find_if(kRoles.begin(), kRoles.end(), [&](Role r) { return role == role_name(r); });
    if (which == kRoles.end() || column.empty()) throw std::invalid_argument("--columns: " + expected);
    std::string& slot = choice.given[static_cast<std::size_t>(*which)];
    if (!slot.empty())
      throw std::invalid_argument("--columns: " + std::string(role) + " given twice in " + quoted(text));
    slot = std::string(column);
  }
  if (choice.empty()) throw std::invalid_argument("--columns: " + expected);
  return choice;
}

ColumnRoles roles_from_header(std::span<const std::string_view> names, const ColumnChoice& choice,
                              std::string& problem) {
  ColumnRoles roles;
  roles.fields = static_cast<int>(names.size());
  problem.clear();
  for (const Role r : kRoles) {
    int& field = roles.field[static_cast<std::size_t>(r)];
    field = -1;
    const std::string& given = choice.given[static_cast<std::size_t>(r)];
    if (!given.empty()) {
      const auto named = std::find_if(names.begin(), names.end(), [&](std::string_view n) { return same_name(n, given); });
      const int number = field_number(given);
      field = named != names.end() ? static_cast<int>(named - names.begin()) : number - 1;
      if (field < 0 || field >= roles.fields) {
        problem = "--columns " + std::string(role_name(r)) + "=" + given + " to name a column of the header (" +
                  found(names) + ") or a field number from 1 to " + std::to_string(roles.fields);
        return roles;
      }
      continue;
    }
    for (std::size_t f = 0; f < names.size(); ++f) {
      if (!names_role(names[f], r)) continue;
      if (field >= 0) {
        problem = std::string("one column for the ") + role_name(r) + ", not both " + quoted(names[field]) + " and " +
                  quoted(names[f]) + " (choose with --columns " + role_name(r) + "=NAME)";
        return roles;
      }
      field = static_cast<int>(f);
    }
  }
  if (!roles.has(Role::User) || !roles.has(Role::Item)) {
    problem = "a header naming the user column (" + role_spellings(Role::User) + ") and the item column (" +
              role_spellings(Role::Item) + "), or --columns user=NAME,item=NAME; the header has " + found(names);
    return roles;
  }
  if (problem = check_roles(roles); !problem.empty()) return roles;
  for (std::size_t f = 0; f < names.size(); ++f)
    if (std::find(roles.field.begin(), roles.field.end(), static_cast<int>(f)) == roles.field.end())
      roles.unused.emplace_back(names[f]);
  return roles;
}

ColumnRoles roles_by_position(int fields, const ColumnChoice& choice, std::string& problem) {
  ColumnRoles roles;
  roles.fields = fields;
  problem.clear();
  if (choice.empty()) {
    if (fields < 2 || fields > 4)
      problem = "2 to 4 fields \"user,item[,rating[,timestamp]]\", or a header naming the columns, or --columns";
    for (int f = 0; f < 4; ++f) roles.field[static_cast<std::size_t>(f)] = f < fields ? f : -1;
    return roles;
  }
  for (const Role r : kRoles) {
    const std::string& given = choice.given[static_cast<std::size_t>(r)];
    const int number = field_number(given);
    roles.field[static_cast<std::size_t>(r)] = given.empty() ? -1 : number - 1;
    if (!given.empty() && (number == 0 || number > fields)) {
      problem = "--columns " + std::string(role_name(r)) + "=" + given + " to be a field number from 1 to " +
                std::to_string(fields) + " (the file has no header to name columns by)";
      return roles;
    }
  }
  if (!roles.has(Role::User) || !roles.has(Role::Item))
    problem = "--columns to give both the user and the item column";
  else
    problem = check_roles(roles);
  for (int f = 0; f < fields; ++f)
    if (std::find(roles.field.begin(), roles.field.end(), f) == roles.field.end())
      roles.unused.push_back("field " + std::to_string(f + 1));
  return roles;
}

std::string ColumnRoles::describe(std::span<const std::string_view> names) const {
  std::string out;
  for (const Role r : kRoles) {
    if (!has(r)) continue;
    out += (out.empty() ? "" : ", ") + std::string(role_name(r)) + "=";
    const int f = of(r);
    out += static_cast<std::size_t>(f) < names.size() ? std::string(names[f]) + " (field " + std::to_string(f + 1) + ")"
                                                      : "field " + std::to_string(f + 1);
  }
  return out;
}

}  // namespace recgrad::data
