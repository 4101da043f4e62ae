// Wide & deep: the wide part's crossed features, the logits the evaluator sees against
// the loss the trainer minimises, and the gradients of each part alone, from the tape
// and by hand, against finite differences (the whole model's are in
// test_gradient_comparison.cpp).
#include <doctest/doctest.h>

#include <cmath>
#include <set>

#include "models/registry.hpp"
#include "autodiff/gradcheck.hpp"
#include "data/synthetic.hpp"
#include "models/widedeep/widedeep.hpp"

using namespace recgrad;

namespace {

const data::Dataset& small_data() {
  static const data::Dataset ds = data::generate_dataset({.users = 40, .items = 60, .interactions = 600, .seed = 5});
  return ds;
}

// The values a user or an item has in a field, as "field=value" names.
std::set<std::string> values_of(const data::FeatureMatrix& m, const std::string& field, std::int32_t row) {
  const data::FeatureField* f = m.field(field);
  std::set<std::string> out;
  for (const std::int32_t id : m.ids_of(row))
    if (id >= f->first && id < f->first + f->count) out.insert(m.names[static_cast<std::size_t>(id)]);
  return out;
}

}  // namespace

TEST_CASE("wide features: the pair's ids and one cross per (crossed user field, genre of the item)") {
  const data::Dataset& ds = small_data();
  const WideFeatures wide(model_data(ds));
  CHECK(wide.crossed_fields() == std::vector<std::string>{"gender", "age", "occupation"});
  std::int64_t expected_size = ds.num_users() + ds.num_items();
  for (const char* f : {"gender", "age", "occupation"})
    expected_size += std::int64_t{ds.user_features.field(f)->count} * ds.item_features.field("genre")->count;
  CHECK(wide.size() == expected_size);

  std::vector<Id> users{3, 3, 17}, items{0, 9, 9}, ids;
  std::vector<std::int64_t> offsets;
  wide.encode(users, items, ids, offsets);
  REQUIRE(offsets.size() == 4);
  for (std::size_t r = 0; r < users.size(); ++r) {
    INFO("pair " << r);
    const auto genres = values_of(ds.item_features, "genre", items[r]);
    std::set<std::string> expected{"user_id=" + std::to_string(users[r]), "item_id=" + std::to_string(items[r])};
    for (const char* f : {"gender", "age", "occupation"})
      for (const std::string& v : values_of(ds.user_features, f, users[r]))
        for (const std::string& g : genres) expected.insert(v + " x " + g);
    std::set<std::string> got;
    for (std::int64_t k = offsets[r]; k < offsets[r + 1]; ++k) got.insert(wide.name(ids[static_cast<std::size_t>(k)]));
    CHECK(got == expected);
    CHECK(offsets[r + 1] - offsets[r] == static_cast<std::int64_t>(expected.size()));  // no feature twice
  }
  CHECK_THROWS_AS(wide.encode(std::vector<Id>{ds.num_users()}, std::vector<Id>{0}, ids, offsets), std::out_of_range);
}

TEST_CASE("wide features without metadata are the ids alone") {
  const WideFeatures wide(ModelData{5, 7});
  CHECK(wide.size() == 12);
  CHECK(wide.crossed_fields().empty());
  std::vector<Id> ids;
  std::vector<std::int64_t> offsets;
  wide.encode(std::vector<Id>{4}, std::vector<Id>{6}, ids, offsets);
  CHECK(ids == std::vector<Id>{4, 5 + 6});
}

TEST_CASE("widedeep: predict gives the logits the loss is computed from, and score_users agrees") {
  ModelConfig config;
  config.dim = 8;
  config.l2 = 0;  // the loss is then the mean log loss of the logits alone
  WideDeep<double> model(config, model_data(small_data()), 3);
  for (Param<double>* p : model.params())  // the wide weights start at 0: give them values
    if (p->name() == "wide")
      for (double& w : p->value) w = std::sin(static_cast<double>(&w - p->value.data()));
  const std::vector<Id> users{0, 5, 5, 12}, items{3, 3, 8, 40};
  const std::vector<double> labels{1, 0, 1, 1};
  std::vector<double> z(users.size());
  model.predict(users, items, z);
  double expected = 0;
  for (std::size_t r = 0; r < z.size(); ++r) expected += std::log1p(std::exp(z[r])) - labels[r] * z[r];
  expected /= static_cast<double>(z.size());
  Tape<double> tape;
  const Batch<double> batch{users, items, {}, labels, {}, {}, {}};
  CHECK(model.loss(tape, batch).item() == doctest::Approx(expected).epsilon(1e-12));

  std::vector<double> row(static_cast<std::size_t>(model.num_items()));
  model.score_users(5, 1, row);
  CHECK(row[3] == doctest::Approx(z[1]).epsilon(1e-12));
  CHECK(row[8] == doctest::Approx(z[2]).epsilon(1e-12));
  // One table per field of the data, users' then items', ids first.
  CHECK(model.deep_fields() ==
        std::vector<std::string>{"user_id", "age", "gender", "occupation", "item_id", "genre", "decade"});
}

TEST_CASE("widedeep: the wide part alone and the deep part alone check against finite differences") {
  ModelConfig config;
  config.dim = 4;
  config.l2 = 0.05;
  const std::vector<Id> users{0, 1, 1, 7, 30, 7}, items{2, 2, 9, 15, 50, 9};
  const std::vector<double> labels{1, 0, 1, 0, 1, 1};
  const Batch<double> batch{users, items, {}, labels, {}, {}, {}};
  for (const auto& [variant, params] : {std::pair{WideDeep<double>::Parts{.wide = true, .deep = false}, 2},
                                        std::pair{WideDeep<double>::Parts{.wide = false, .deep = true}, 14}}) {
    const WideDeep<double>::Parts parts = variant;  // INFO's lambda cannot capture a structured binding in clang 14
    INFO("wide " << parts.wide << ", deep " << parts.deep);
    WideDeep<double> model(config, model_data(small_data()), 11, parts);
    REQUIRE(model.params().size() == static_cast<std::size_t>(params));
    CHECK((model.wide_weights() != nullptr) == parts.wide);
    Rng rng(4);
    for (Param<double>* p : model.params())
      if (p->value.cols() == 1)
        for (double& w : p->value) w = rng.normal(0.0, 0.3);
    auto ps = model.params();
    const GradCheckReport report = check_gradients(ps, [&](Tape<double>& t) { return model.loss(t, batch); });
    for (const ParamCheck& c : report.params) {
      INFO(c.name << ": " << c.max_rel_err << " over " << c.coords_checked << " coordinates");
      CHECK(c.max_rel_err <= 1e-6);
      CHECK(c.coords_checked > 0);
    }
    // The hand-derived path gives the same loss and gradients.
    Tape<double> tape;
    for (Param<double>* p : ps) p->zero_grad();
    const Var<double> loss = model.loss(tape, batch);
    tape.backward(loss);
    std::vector<Tensor<double>> automatic;
    for (Param<double>* p : ps) automatic.push_back(dense_gradient(*p));
    for (Param<double>* p : ps) p->zero_grad();
    CHECK(model.manual_gradients(batch) == doctest::Approx(loss.item()).epsilon(1e-12));
    for (std::size_t k = 0; k < ps.size(); ++k) {
      INFO(ps[k]->name());
      CHECK(relative_difference(automatic[k], dense_gradient(*ps[k])) <= 1e-12);
    }
  }
}

TEST_CASE("widedeep needs feature rows and at least one part") {
  ModelConfig config;
  CHECK_THROWS_AS(WideDeep<float>(config, ModelData{5, 7}, 0), std::invalid_argument);
  CHECK_THROWS_AS(WideDeep<float>(config, model_data(small_data()), 0, {.wide = false, .deep = false}),
                  std::invalid_argument);
  WideDeep<float> model(config, model_data(small_data()), 0);
  CHECK(model_spec(model.name()).manual_gradients);
  CHECK(model.feedback() == Feedback::Binary);
}
