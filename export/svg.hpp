// A tiny SVG builder: the handful of shapes our pictures need (lines, polylines,
// rectangles, circles, text), written as one self-contained SVG 1.1 document that
// browsers, Inkscape and rsvg-convert open.
//
// Every string that reaches the document goes through escape_xml, because titles come
// from data: "Jean de Florette & Manon" or a stray control character would otherwise
// leave a file no XML parser accepts. Numbers are written with two decimals, which is
// a hundredth of a pixel: plenty for a picture, and it keeps files small.
#pragma once

#include <filesystem>
#include <span>
#include <string>
#include <string_view>

namespace recgrad {

struct Point {
  double x = 0, y = 0;
};

enum class Anchor { Start, Middle, End };

struct TextStyle {
  double size = 12;
  Anchor anchor = Anchor::Start;
  std::string_view colour = "#222";
  bool bold = false;
  double rotate = 0;  // degrees, about the anchor point (-90: reads bottom to top)
};

struct LineStyle {
  std::string_view colour = "#222";
  double width = 1;
  bool dashed = false;
  double opacity = 1;
};

// `text` made safe for XML text and attribute values: & < > " ' as entities; control
// characters (not allowed in XML 1.0) as spaces; bytes that are not valid UTF-8 as
// U+FFFD, so a Latin-1 title cannot break the document's encoding.
std::string escape_xml(std::string_view text);

class SvgWriter {
 public:
  // A `width` x `height` pixel canvas on a white background, with a <title> for viewers.
  SvgWriter(double width, double height, std::string_view title);

  void line(Point a, Point b, const LineStyle& style = {});
  void polyline(std::span<const Point> points, const LineStyle& style = {});
  void rect(double x, double y, double w, double h, std::string_view fill, std::string_view stroke = "none");
  // `tooltip` (if any) becomes the circle's <title>: shown on hover in a browser.
  void circle(Point centre, double radius, std::string_view fill, std::string_view tooltip = {}, double opacity = 1);
  void text(Point at, std::string_view text, const TextStyle& style = {});

  // The finished document.
  std::string str() const;

 private:
  std::string body_;
  double width_, height_;
};

// Writes a finished document to `path` atomically (io/atomic_file.hpp).
void save_svg(const std::filesystem::path& path, std::string_view document);

}  // namespace recgrad
