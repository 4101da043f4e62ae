// Similar items: exact cosine neighbours on hand-made vectors whose answers are known,
// and recgrad similar on a trained model against a scalar recomputation.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

#include "retrieval/similar_items.hpp"
#include "use_test_util.hpp"

using namespace use_test;

TEST_CASE("nearest items by cosine on known vectors, never the item itself") {
  // Item 0 points along x; 1 is x scaled (cosine 1); 2 is 45 degrees off (cos 1/sqrt2);
  // 3 is orthogonal (0); 4 is opposite (-1); 5 is at 60 degrees (cos 0.5), in 3-d.
  const std::vector<float> v = {
      1, 0, 0,  //
      5, 0, 0,  //
      1, 1, 0,  //
      0, 0, 2,  //
      -3, 0, 0,  //
      0.5f, 0, 0.8660254f,
  };
  const ItemSimilarity sim(v, 6, 3);
  const std::vector<Neighbour> near = sim.nearest(0, 10);
  REQUIRE(near.size() == 5);  // everything but item 0
  const std::vector<Id> order = {1, 2, 5, 3, 4};
  const std::vector<float> cosines = {1.0f, 1.0f / std::sqrt(2.0f), 0.5f, 0.0f, -1.0f};
  for (std::size_t i = 0; i < 5; ++i) {
    CHECK(near[i].item == order[i]);
    CHECK(near[i].cosine == doctest::Approx(cosines[i]).epsilon(1e-6));
  }
  // k bounds the list; from item 2, items 0 and 1 tie (same direction) and the lower id comes first.
  const std::vector<Neighbour> two = sim.nearest(2, 2);
  REQUIRE(two.size() == 2);
  CHECK(two[0].item == 0);
  CHECK(two[1].item == 1);
  CHECK(two[0].cosine == two[1].cosine);
}

TEST_CASE("zero vectors, bad indices and bad shapes are errors or cosine 0") {
  const std::vector<float> v = {1, 2, 0, 0, 2, 4};
  const ItemSimilarity sim(v, 3, 2);
  CHECK_THROWS_AS(sim.nearest(1, 2), std::invalid_argument);  // zero query
  const auto near = sim.nearest(0, 2);
  REQUIRE(near.size() == 2);
  CHECK(near[0].item == 2);
  CHECK(near[0].cosine == doctest::Approx(1.0f));
  CHECK(near[1].item == 1);
  CHECK(near[1].cosine == 0.0f);
  CHECK_THROWS_AS(sim.nearest(3, 2), std::invalid_argument);
  CHECK_THROWS_AS(sim.nearest(-1, 2), std::invalid_argument);
  CHECK_THROWS_AS(ItemSimilarity(v, 4, 2), std::invalid_argument);
  const std::vector<float> nan = {1, std::nanf("")};
  CHECK_THROWS_AS(ItemSimilarity(nan, 1, 2), std::invalid_argument);
}

TEST_CASE("recgrad similar lists a trained model's true nearest items with their cosines") {
  const SavedLmf& m = saved_lmf();
  const Tensor<float>& q = item_vectors(*m.run.model);
  REQUIRE(q.rows() == builtin().num_items());
  const std::int32_t item = 42;
  // The answer by plain double arithmetic over every other item.
  std::vector<std::pair<double, std::int32_t>> all;
  auto norm = [&](std::int64_t r) {
    double s = 0;
    for (std::int64_t c = 0; c < q.cols(); ++c) s += double(q.data()[r * q.cols() + c]) * q.data()[r * q.cols() + c];
    return std::sqrt(s);
  };
  for (std::int32_t j = 0; j < q.rows(); ++j) {
    if (j == item) continue;
    double d = 0;
    for (std::int64_t c = 0; c < q.cols(); ++c) d += double(q.data()[item * q.cols() + c]) * q.data()[j * q.cols() + c];
    all.emplace_back(d / (norm(item) * norm(j)), j);
  }
  std::sort(all.begin(), all.end(), [](auto a, auto b) { return a.first != b.first ? a.first > b.first : a.second < b.second; });

  const Result r = run_recgrad("similar --model-file " + m.path.string() + " --item " + builtin().items.raw(item) +
                               " --k 10 --json");
  REQUIRE_MESSAGE(r.status == 0, r.err);
  const nlohmann::json j = nlohmann::json::parse(r.out);
  REQUIRE(j["items"].size() == 10);
  for (std::size_t i = 0; i < 10; ++i) {
    const std::string raw = j["items"][i]["item"];
    CHECK(raw != builtin().items.raw(item));
    CHECK(j["items"][i]["cosine"].get<double>() == doctest::Approx(all[i].first).epsilon(1e-5));
    // Near-ties may swap in float; the item must at least have the expected cosine.
    const std::int32_t got = *builtin().items.find(raw);
    const auto it = std::find_if(all.begin(), all.end(), [&](auto p) { return p.second == got; });
    CHECK(it->first == doctest::Approx(all[i].first).epsilon(1e-5));
  }
}

TEST_CASE("recgrad similar rejects an unknown item id, naming it") {
  const Result r = run_recgrad("similar --model-file " + saved_lmf().path.string() + " --item not-an-item-7");
  CHECK(r.status != 0);
  CHECK(r.err.find("not-an-item-7") != std::string::npos);
  CHECK(r.out.empty());
}

namespace {
// A recommender that scores without any vectors (as a popularity baseline would).
class NoVectors : public Recommender<float> {
 public:
  NamedTensors<float> tensors() override { return {}; }
  std::string name() const override { return "no-vectors"; }
  Feedback feedback() const override { return Feedback::Pairwise; }
  void predict(std::span<const Id>, std::span<const Id>, std::span<float> out) const override {
    std::fill(out.begin(), out.end(), 0.0f);
  }
  void score_users(Id, Id, std::span<float> out) const override { std::fill(out.begin(), out.end(), 0.0f); }
  Id num_users() const override { return 1; }
  Id num_items() const override { return 1; }
};
}  // namespace

TEST_CASE("a model without item vectors is a clear error naming it") {
  const NoVectors m;
  CHECK_THROWS_WITH_AS(item_vectors(m), doctest::Contains("no-vectors"), std::invalid_argument);
  CHECK(item_vectors(*saved_lmf().run.model).cols() == 8);
}

TEST_CASE("the HNSW index finds nearly all exact neighbours, with exact cosines") {
  const Tensor<float> q = item_vectors(*saved_lmf().run.model);
  const ItemSimilarity exact({q.data(), static_cast<std::size_t>(q.size())}, q.rows(), q.cols());
  if (!hnsw_available()) {
    CHECK_THROWS_AS(HnswItemIndex{exact}, std::runtime_error);
    return;
  }
  const HnswItemIndex hnsw(exact);
  std::int64_t hits = 0, total = 0;
  for (Id item = 0; item < 100; ++item) {
    const auto want = exact.nearest(item, 10);
    const auto got = hnsw.nearest(item, 10);
    REQUIRE(got.size() == 10);
    for (std::size_t i = 0; i < got.size(); ++i) {
      CHECK(got[i].item != item);
      if (i > 0) CHECK(got[i - 1].cosine >= got[i].cosine);
      // Whatever it returns, the cosine is the true one.
      const auto all = exact.nearest(item, static_cast<std::int32_t>(q.rows()));
      const auto it = std::find_if(all.begin(), all.end(), [&](const Neighbour& n) { return n.item == got[i].item; });
      REQUIRE(it != all.end());
      CHECK(it->cosine == doctest::Approx(got[i].cosine).epsilon(1e-6));
    }
    for (const Neighbour& w : want)
      hits += std::any_of(got.begin(), got.end(), [&](const Neighbour& g) { return g.item == w.item; });
    total += static_cast<std::int64_t>(want.size());
  }
  // 1700 items with ef 64 and M 16: recall@10 should be close to 1.
  CHECK(static_cast<double>(hits) / static_cast<double>(total) >= 0.95);
  CHECK_THROWS_AS(hnsw.nearest(static_cast<Id>(q.rows()), 10), std::invalid_argument);
  const Result r = run_recgrad("similar --model-file " + saved_lmf().path.string() + " --item " +
                               builtin().items.raw(5) + " --index hnsw --json");
  REQUIRE_MESSAGE(r.status == 0, r.err);
  CHECK(nlohmann::json::parse(r.out)["items"].size() == 10);
}
