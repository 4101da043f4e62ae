#include <stdexcept>

#include "models/bpr.hpp"
#include "models/lmf.hpp"
#include "models/mf.hpp"

namespace recgrad {

const std::vector<std::string>& model_names() {
  static const std::vector<std::string> names = {"mf", "lmf", "bpr"};
  return names;
}

template <class T>
std::unique_ptr<Model<T>> make_model(const std::string& name, const ModelConfig& config, Id num_users,
                                     Id num_items, std::uint64_t seed) {
  if (config.dim <= 0) throw std::invalid_argument("model: --dim must be positive, got " + std::to_string(config.dim));
  if (name == "mf") return std::make_unique<BiasedMf<T>>(config, num_users, num_items, seed);
  if (name == "lmf") return std::make_unique<LogisticMf<T>>(config, num_users, num_items, seed);
  if (name == "bpr") return std::make_unique<Bpr<T>>(config, num_users, num_items, seed);
  throw std::invalid_argument("unknown model '" + name + "' (expected mf, lmf or bpr)");
}

template std::unique_ptr<Model<float>> make_model(const std::string&, const ModelConfig&, Id, Id, std::uint64_t);
template std::unique_ptr<Model<double>> make_model(const std::string&, const ModelConfig&, Id, Id, std::uint64_t);

}  // namespace recgrad
