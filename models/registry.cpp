#include <stdexcept>

#include "data/dataset.hpp"
#include "models/bpr/bpr.hpp"
#include "models/fm/fm.hpp"
#include "models/hybrid/hybrid.hpp"
#include "models/lmf/lmf.hpp"
#include "models/mf/mf.hpp"
#include "models/softmax/softmax.hpp"
#include "models/widedeep/widedeep.hpp"

namespace recgrad {

ModelData model_data(const data::Dataset& ds) {
  return {ds.num_users(), ds.num_items(), &ds.user_features, &ds.item_features};
}

const std::vector<std::string>& model_names() {
  static const std::vector<std::string> names = {"mf", "lmf", "bpr", "hybrid", "widedeep", "softmax", "fm", "fm-bpr"};
  return names;
}

const std::vector<std::string>& cold_start_model_names() {
  static const std::vector<std::string> names = {"fm", "fm-bpr", "hybrid"};
  return names;
}

template <class T>
std::unique_ptr<Model<T>> make_model(const std::string& name, const ModelConfig& config, const ModelData& data,
                                     std::uint64_t seed) {
  const Id num_users = data.num_users, num_items = data.num_items;
  if (config.dim <= 0) throw std::invalid_argument("model: --dim must be positive, got " + std::to_string(config.dim));
  if (name == "mf") return std::make_unique<BiasedMf<T>>(config, num_users, num_items, seed);
  if (name == "lmf") return std::make_unique<LogisticMf<T>>(config, num_users, num_items, seed);
  if (name == "bpr") return std::make_unique<Bpr<T>>(config, num_users, num_items, seed);
  if (name == "fm" || name == "fm-bpr") {
    using Fm = FactorisationMachine<T>;
    return std::make_unique<Fm>(config, data, name == "fm" ? Fm::Objective::Ratings : Fm::Objective::Ranking, seed);
  }
  if (name == "hybrid") return std::make_unique<Hybrid<T>>(config, data, seed);
  if (name == "widedeep") return std::make_unique<WideDeep<T>>(config, data, seed);
  if (name == "softmax") return std::make_unique<SoftmaxNextItem<T>>(config, data, seed);
  std::string known;
  for (const std::string& m : model_names()) known += (known.empty() ? "" : ", ") + m;
  throw std::invalid_argument("unknown model '" + name + "' (expected one of " + known + ")");
}

template std::unique_ptr<Model<float>> make_model(const std::string&, const ModelConfig&, const ModelData&,
                                                  std::uint64_t);
template std::unique_ptr<Model<double>> make_model(const std::string&, const ModelConfig&, const ModelData&,
                                                   std::uint64_t);

}  // namespace recgrad
