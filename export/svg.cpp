#include "export/svg.hpp"

#include <charconv>
#include <cmath>
#include <cstdint>

#include "io/atomic_file.hpp"

namespace recgrad {

namespace {

// The length of the valid UTF-8 sequence at the start of `s`, or 0 if it is not one
// (a stray continuation byte, a truncated or overlong sequence, a surrogate).
std::size_t utf8_sequence_length(std::string_view s) {
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(s[i]); };
  const unsigned char b0 = byte(0);
  if (b0 < 0x80) return 1;
  // The lead byte says how long the sequence is and holds the code point's top bits.
  const std::size_t length = (b0 & 0xE0) == 0xC0 ? 2 : (b0 & 0xF0) == 0xE0 ? 3 : (b0 & 0xF8) == 0xF0 ? 4 : 0;
  if (length == 0) return 0;
  std::uint32_t code = b0 & (0x7Fu >> length);
  if (s.size() < length) return 0;
  for (std::size_t i = 1; i < length; ++i) {
    if ((byte(i) & 0xC0) != 0x80) return 0;
    code = (code << 6) | (byte(i) & 0x3Fu);
  }
  static constexpr std::uint32_t kSmallest[] = {0, 0, 0x80, 0x800, 0x10000};
  const bool valid = code >= kSmallest[length] && code <= 0x10FFFF && !(code >= 0xD800 && code <= 0xDFFF);
  return valid ? length : 0;
}

// Two decimals, trailing zeros dropped: "12", "3.5", "-0.25".
std::string number(double v) {
  if (!std::isfinite(v)) v = 0;  // a NaN in a coordinate would make the file invalid SVG
  char text[40];
  const auto end = std::to_chars(text, text + sizeof text, v, std::chars_format::fixed, 2).ptr;
  std::string out(text, end);
  while (out.back() == '0') out.pop_back();
  if (out.back() == '.') out.pop_back();
  return out == "-0" ? "0" : out;
}

std::string attribute(std::string_view name, std::string_view value) {
  return " " + std::string(name) + "=\"" + escape_xml(value) + "\"";
}

std::string attribute(std::string_view name, double value) { return attribute(name, number(value)); }

std::string stroke_attributes(const LineStyle& style) {
  std::string out = attribute("fill", "none") + attribute("stroke", style.colour) +
                    attribute("stroke-width", style.width);
  if (style.dashed) out += attribute("stroke-dasharray", "4 3");
  if (style.opacity < 1) out += attribute("stroke-opacity", style.opacity);
  return out;
}

}  // namespace

std::string escape_xml(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  while (!text.empty()) {
    const std::size_t length = utf8_sequence_length(text);
    if (length == 0) {
      out += "\xEF\xBF\xBD";  // U+FFFD, the replacement character
      text.remove_prefix(1);
      continue;
    }
    const char c = text[0];
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      default:
        if (length == 1 && static_cast<unsigned char>(c) < 0x20) out += ' ';
        else out.append(text.substr(0, length));
    }
    text.remove_prefix(length);
  }
  return out;
}

SvgWriter::SvgWriter(double width, double height, std::string_view title) : width_(width), height_(height) {
  body_ += "<title>" + escape_xml(title) + "</title>\n";
  rect(0, 0, width, height, "white");
}

void SvgWriter::line(Point a, Point b, const LineStyle& style) {
  body_ += "<line" + attribute("x1", a.x) + attribute("y1", a.y) + attribute("x2", b.x) + attribute("y2", b.y) +
           stroke_attributes(style) + "/>\n";
}

void SvgWriter::polyline(std::span<const Point> points, const LineStyle& style) {
  std::string coordinates;
  for (const Point& p : points) coordinates += (coordinates.empty() ? "" : " ") + number(p.x) + "," + number(p.y);
  body_ += "<polyline" + attribute("points", coordinates) + stroke_attributes(style) +
           attribute("stroke-linejoin", "round") + "/>\n";
}

void SvgWriter::rect(double x, double y, double w, double h, std::string_view fill, std::string_view stroke) {
  body_ += "<rect" + attribute("x", x) + attribute("y", y) + attribute("width", w) + attribute("height", h) +
           attribute("fill", fill) + attribute("stroke", stroke) + "/>\n";
}

void SvgWriter::circle(Point centre, double radius, std::string_view fill, std::string_view tooltip,
                       double opacity) {
  body_ += "<circle" + attribute("cx", centre.x) + attribute("cy", centre.y) + attribute("r", radius) +
           attribute("fill", fill);
  if (opacity < 1) body_ += attribute("fill-opacity", opacity);
  body_ += tooltip.empty() ? "/>\n" : "><title>" + escape_xml(tooltip) + "</title></circle>\n";
}

void SvgWriter::text(Point at, std::string_view text, const TextStyle& style) {
  static constexpr std::string_view kAnchors[] = {"start", "middle", "end"};
  body_ += "<text" + attribute("x", at.x) + attribute("y", at.y) + attribute("font-size", style.size) +
           attribute("text-anchor", kAnchors[static_cast<int>(style.anchor)]) + attribute("fill", style.colour);
  if (style.bold) body_ += attribute("font-weight", "bold");
  if (style.rotate != 0)
    body_ += attribute("transform", "rotate(" + number(style.rotate) + " " + number(at.x) + " " + number(at.y) + ")");
  body_ += ">" + escape_xml(text) + "</text>\n";
}

std::string SvgWriter::str() const {
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
         "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\"" +
         attribute("width", width_) + attribute("height", height_) +
         attribute("viewBox", "0 0 " + number(width_) + " " + number(height_)) +
         attribute("font-family", "DejaVu Sans, Helvetica, Arial, sans-serif") + ">\n" + body_ + "</svg>\n";
}

void save_svg(const std::filesystem::path& path, std::string_view document) {
  AtomicFile out(path);
  out.write(document);
  out.commit();
}

}  // namespace recgrad
