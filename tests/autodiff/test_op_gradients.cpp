// Every registered op against finite differences in double, on several random
// shapes each: the promise behind `recgrad gradcheck --ops`.
#include <doctest/doctest.h>

#include <fstream>
#include <iterator>
#include <regex>
#include <set>
#include <string>

#include "autodiff/op_checks.hpp"
#include "autodiff/ops.hpp"

using namespace recgrad;

TEST_CASE("every registered op's gradient matches finite differences to 1e-6 in double") {
  for (std::uint64_t seed : {1u, 2u, 3u}) {
    const auto results = check_all_ops(seed);
    REQUIRE(results.size() == registered_op_checks().size());
    for (const auto& r : results) {
      INFO("op " << r.name << ", seed " << seed);
      for (const auto& p : r.report.params) {
        INFO("parameter " << p.name << ": worst index " << p.worst_index << ", analytic " << p.worst_analytic
                          << ", numeric " << p.worst_numeric);
        CHECK(p.coords_checked > 0);
        CHECK(p.max_rel_err <= 1e-6);
      }
      CHECK(r.report.ok);
    }
  }
}

// Every op autodiff/ops.hpp declares, read from the header itself, so that a new op
// without a gradient-check case fails here rather than going unchecked.
std::set<std::string> declared_ops() {
  std::ifstream header("autodiff/ops.hpp");
  REQUIRE(header);
  const std::string text((std::istreambuf_iterator<char>(header)), std::istreambuf_iterator<char>());
  const std::regex declaration(R"(Var<T>\s+(\w+)\s*\()");
  std::set<std::string> out;
  for (auto it = std::sregex_iterator(text.begin(), text.end(), declaration); it != std::sregex_iterator(); ++it)
    out.insert((*it)[1]);
  return out;
}

TEST_CASE("every op the engine declares has a gradient-check case") {
  std::set<std::string> checked;  // "embedding_bag/mean" checks embedding_bag
  for (const auto& op : registered_op_checks()) checked.insert(std::string(op.name).substr(0, std::string(op.name).find('/')));
  const std::set<std::string> declared = declared_ops();
  CHECK(declared.size() >= 30);  // the reader found the declarations
  for (const std::string& op : declared) {
    INFO(op);
    CHECK(checked.count(op) == 1);
  }
  for (const std::string& op : checked) {
    INFO(op);
    CHECK(declared.count(op) == 1);  // no case for an op that is not declared
  }
}

TEST_CASE("the gradient checker catches a wrong gradient") {
  // The graph multiplies x by a copy of itself taken in as data: backward says
  // d/dx = x, while the function the finite differences see is sum(x^2), whose
  // gradient is 2x. The check must notice.
  Param<double> x("x", 1, 3);
  x.value(0, 0) = 0.5;
  x.value(0, 1) = -1.0;
  x.value(0, 2) = 2.0;
  const std::vector<Param<double>*> params = {&x};
  auto wrong = [&](Tape<double>& t) {
    Var<double> v = t.param(x);
    Var<double> sq = mul(v, t.constant(x.value.view()));  // treats the second factor as data
    return sum(sq);
  };
  const GradCheckReport report = check_gradients(params, wrong);
  CHECK_FALSE(report.ok);
  CHECK(report.params[0].max_rel_err > 0.1);
}
