// The SVG writer: text from data is escaped so the document stays well-formed XML
// (checked by tests/export/xml_check.hpp), chart ticks are "nice", and the training
// curves picture is well-formed with one line per panel and the selected epoch named.
#include <doctest/doctest.h>

#include <cmath>
#include <string>

#include "export/chart_axes.hpp"
#include "export/svg.hpp"
#include "export/training_curves.hpp"
#include "xml_check.hpp"

using namespace recgrad;
using export_test::check_xml;

TEST_CASE("escape_xml: markup characters, control characters and bytes that are not UTF-8") {
  CHECK(escape_xml(R"(Jean & "Manon" <2> 'x')") == "Jean &amp; &quot;Manon&quot; &lt;2&gt; &apos;x&apos;");
  CHECK(escape_xml("a\tb\nc\x01" "d") == "a b c d");
  CHECK(escape_xml("Caf\xC3\xA9") == "Caf\xC3\xA9");               // UTF-8 é kept
  CHECK(escape_xml("Caf\xE9") == "Caf\xEF\xBF\xBD");               // Latin-1 é replaced by U+FFFD
  CHECK(escape_xml("\xC0\xAF") == "\xEF\xBF\xBD\xEF\xBF\xBD");      // overlong '/'
  CHECK(escape_xml("\xED\xA0\x80") == "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");  // a surrogate
  CHECK(escape_xml("\xF0\x9F\x8E\xAC") == "\xF0\x9F\x8E\xAC");     // a 4-byte character kept
}

TEST_CASE("an SVG with hostile text in every place is well-formed XML") {
  const std::string nasty = "A & B <script>\"'\x02\xFF\n";
  SvgWriter svg(200, 100, nasty);
  svg.text({10, 20}, nasty, {.rotate = -90});
  svg.circle({5, 5}, 2, "#123456", nasty);
  svg.circle({6, 6}, 2, "red");
  const Point points[] = {{0, 0}, {1.005, 2}, {NAN, 3}};
  svg.polyline(points);
  svg.line({0, 0}, {10, 10}, {.dashed = true, .opacity = 0.5});
  svg.rect(0, 0, 5, 5, "none", "black");
  const std::string doc = svg.str();
  const auto check = check_xml(doc);
  INFO(check.error);
  CHECK(check.ok());
  CHECK(check.elements.at("svg") == 1);
  CHECK(check.elements.at("circle") == 2);
  CHECK(check.elements.at("title") == 2);  // the document's and one circle's tooltip
  CHECK(doc.find("<script>") == std::string::npos);
  CHECK(doc.find("nan") == std::string::npos);
}

TEST_CASE("nice ticks: steps of 1, 2 or 5 times a power of ten that cover the range") {
  auto is_nice = [](double step) {
    const double m = step / std::pow(10.0, std::floor(std::log10(step)));
    return std::abs(m - 1) < 1e-9 || std::abs(m - 2) < 1e-9 || std::abs(m - 5) < 1e-9;
  };
  for (const auto& [lo, hi] : {std::pair{0.128, 0.1853}, {-2.3, 1.4}, {0.0, 1000.0}, {3.0, 3.0}, {-1e-5, 4e-5}}) {
    const Ticks t = nice_ticks(lo, hi, 5);
    const double low = lo;  // CAPTURE's lambda cannot capture a structured binding in clang 14
    CAPTURE(low);
    CHECK(is_nice(t.step));
    CHECK(t.values.front() <= lo);
    CHECK(t.values.back() >= hi);
    CHECK(t.values.size() >= 3);
    CHECK(t.values.size() <= 12);
  }
  const Ticks epochs = nice_ticks(1, 3, 8, /*whole_numbers=*/true);
  CHECK(epochs.step == 1);
  CHECK(nice_ticks(1, 1, 8, true).values.size() >= 3);
  CHECK(tick_label(0.15000000000000002, 0.05) == "0.15");
  CHECK(tick_label(-0.0, 0.01) == "0");
  CHECK(tick_label(40, 10) == "40");
}

TEST_CASE("training curves: well-formed, a line per panel, the selected epoch named") {
  TrainingLog log;
  log.path = "train.log";
  const double loss[] = {0.6, 0.45, 0.4, 0.38};
  const double ndcg[] = {0.10, 0.16, 0.18, 0.17};
  for (int e = 0; e < 4; ++e) log.epochs.push_back({e + 1, loss[e], 0.1, {{"ndcg@10", ndcg[e]}}, e + 1});
  const std::string doc = training_curves_svg(log, {.title = "curves <lmf>", .metric = "ndcg@10"});
  const auto check = check_xml(doc);
  INFO(check.error);
  CHECK(check.ok());
  CHECK(check.elements.at("polyline") == 2);
  CHECK(check.elements.at("circle") == 8);  // a dot per epoch in each panel
  CHECK(doc.find("best 0.1800 at epoch 3") != std::string::npos);
  CHECK(doc.find("curves &lt;lmf&gt;") != std::string::npos);
  // Lower is better: the selected epoch is the one with the smallest value.
  CHECK(best_epoch_index({0.9, 0.8, 0.85}, true) == 1);
  CHECK(best_epoch_index({0.1, 0.3, 0.3}, false) == 1);  // the first of equal bests, as selection keeps it
  CHECK_THROWS_WITH(training_curves_svg(log, {.metric = "rmse"}), doctest::Contains("train.log:1: "));

  // ALS logs a loss of 0 throughout: no loss line is drawn then.
  for (auto& e : log.epochs) e.train_loss = 0;
  const std::string als = training_curves_svg(log, {.metric = "ndcg@10"});
  CHECK(check_xml(als).elements.at("polyline") == 1);
  CHECK(als.find("no training loss in the log") != std::string::npos);
}

TEST_CASE("the XML check itself refuses what a parser would") {
  CHECK(check_xml("<svg><a/></svg>").ok());
  CHECK_FALSE(check_xml("<svg>A & B</svg>").ok());
  CHECK_FALSE(check_xml("<svg><a></svg>").ok());
  CHECK_FALSE(check_xml("<svg x=\"1\" x=\"2\"/>").ok());
  CHECK_FALSE(check_xml("<svg x=1/>").ok());
  CHECK_FALSE(check_xml("<svg t=\"a<b\"/>").ok());
  CHECK_FALSE(check_xml("<svg/><svg/>").ok());
  CHECK_FALSE(check_xml("<svg>\xE9</svg>").ok());
  CHECK_FALSE(check_xml("<svg>\x01</svg>").ok());
  CHECK(check_xml("<svg>&amp;&#233;&#xE9;</svg>").ok());
}
