// A small XML well-formedness check for the SVGs we write, so the tests need no XML
// library: valid UTF-8 without control characters, one root element, every tag closed
// in order, attribute values quoted and unique, '<' never in text and '&' only as an
// entity (the five named ones or a character reference). It also counts the elements
// by name, which lets a test say "one circle per item". Not a validating parser:
// DOCTYPE and CDATA, which we never write, are refused.
#pragma once

#include <cctype>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace export_test {

struct XmlCheck {
  std::string error;                        // empty: well-formed
  std::map<std::string, int> elements;      // element name -> how many
  bool ok() const { return error.empty(); }
};

namespace detail {

inline bool valid_utf8_without_controls(std::string_view s, std::string& error) {
  for (std::size_t i = 0; i < s.size();) {
    const auto b = static_cast<unsigned char>(s[i]);
    const std::size_t n = b < 0x80 ? 1 : (b & 0xE0) == 0xC0 ? 2 : (b & 0xF0) == 0xE0 ? 3 : (b & 0xF8) == 0xF0 ? 4 : 0;
    if (n == 0 || i + n > s.size()) return error = "bad UTF-8 lead byte at " + std::to_string(i), false;
    for (std::size_t k = 1; k < n; ++k)
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80)
        return error = "bad UTF-8 continuation at " + std::to_string(i + k), false;
    if (n == 2 && b < 0xC2) return error = "overlong UTF-8 at " + std::to_string(i), false;
    if (n == 1 && b < 0x20 && b != '\t' && b != '\n' && b != '\r')
      return error = "control character " + std::to_string(b) + " at " + std::to_string(i), false;
    i += n;
  }
  return true;
}

// Text or an attribute value: no '<', and every '&' starts a complete entity.
inline bool valid_chars(std::string_view text, std::string& error) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '<') return error = "'<' in text or attribute: " + std::string(text.substr(0, 60)), false;
    if (text[i] != '&') continue;
    const std::size_t semi = text.find(';', i);
    if (semi == std::string_view::npos) return error = "'&' without ';'", false;
    const std::string_view name = text.substr(i + 1, semi - i - 1);
    static const std::set<std::string_view> named = {"amp", "lt", "gt", "quot", "apos"};
    const bool number = name.size() > 1 && name[0] == '#' &&
                        name.find_first_not_of(name[1] == 'x' ? "x0123456789abcdefABCDEF" : "0123456789", 1) ==
                            std::string_view::npos;
    if (!named.contains(name) && !number) return error = "unknown entity &" + std::string(name) + ";", false;
    i = semi;
  }
  return true;
}

inline bool name_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == ':' || c == '.';
}

}  // namespace detail

inline XmlCheck check_xml(std::string_view doc) {
  XmlCheck r;
  if (!detail::valid_utf8_without_controls(doc, r.error)) return r;
  auto fail = [&](const std::string& what, std::size_t at) {
    r.error = what + " at byte " + std::to_string(at);
    return r;
  };
  std::size_t i = 0;
  if (doc.starts_with("<?xml")) {
    i = doc.find("?>");
    if (i == std::string_view::npos) return fail("unterminated XML declaration", 0);
    i += 2;
  }
  std::vector<std::string> open;
  bool root_seen = false;
  while (i < doc.size()) {
    const std::size_t lt = doc.find('<', i);
    const std::string_view text = doc.substr(i, lt == std::string_view::npos ? std::string_view::npos : lt - i);
    if (open.empty() && text.find_first_not_of(" \t\r\n") != std::string_view::npos)
      return fail("text outside the root element", i);
    if (!detail::valid_chars(text, r.error)) return r;
    if (lt == std::string_view::npos) break;
    i = lt + 1;
    if (doc.substr(i).starts_with("!--")) {
      const std::size_t end = doc.find("-->", i);
      if (end == std::string_view::npos) return fail("unterminated comment", i);
      i = end + 3;
      continue;
    }
    if (i < doc.size() && (doc[i] == '!' || doc[i] == '?')) return fail("unsupported markup", i);
    const bool closing = i < doc.size() && doc[i] == '/';
    if (closing) ++i;
    const std::size_t name_start = i;
    while (i < doc.size() && detail::name_char(doc[i])) ++i;
    const std::string name(doc.substr(name_start, i - name_start));
    if (name.empty()) return fail("tag without a name", i);
    if (closing) {
      while (i < doc.size() && std::isspace(static_cast<unsigned char>(doc[i]))) ++i;
      if (i >= doc.size() || doc[i] != '>') return fail("bad closing tag </" + name, i);
      if (open.empty() || open.back() != name) return fail("</" + name + "> does not close the open element", i);
      open.pop_back();
      ++i;
      continue;
    }
    if (open.empty() && root_seen) return fail("a second root element <" + name + ">", i);
    root_seen = true;
    ++r.elements[name];
    std::set<std::string> attributes;
    for (;;) {
      const std::size_t before = i;
      while (i < doc.size() && std::isspace(static_cast<unsigned char>(doc[i]))) ++i;
      if (i >= doc.size()) return fail("unterminated tag <" + name, i);
      if (doc[i] == '>' || doc.substr(i).starts_with("/>")) break;
      if (i == before) return fail("no space before an attribute of <" + name, i);
      const std::size_t a = i;
      while (i < doc.size() && detail::name_char(doc[i])) ++i;
      const std::string attribute(doc.substr(a, i - a));
      if (attribute.empty() || i >= doc.size() || doc[i] != '=') return fail("bad attribute in <" + name, i);
      if (!attributes.insert(attribute).second) return fail("repeated attribute " + attribute, i);
      ++i;
      if (i >= doc.size() || (doc[i] != '"' && doc[i] != '\'')) return fail("unquoted attribute " + attribute, i);
      const char quote = doc[i];
      const std::size_t end = doc.find(quote, i + 1);
      if (end == std::string_view::npos) return fail("unterminated attribute " + attribute, i);
      if (!detail::valid_chars(doc.substr(i + 1, end - i - 1), r.error)) return r;
      i = end + 1;
    }
    if (doc[i] == '/') {
      i += 2;  // "/>": an empty element
    } else {
      open.push_back(name);
      ++i;
    }
  }
  if (!root_seen) return fail("no root element", 0);
  if (!open.empty()) return fail("<" + open.back() + "> is never closed", doc.size());
  return r;
}

}  // namespace export_test
