#include "models/biases/biases.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>

namespace recgrad {

namespace {

// One side's biases given the other's: b_row = sum (r - mu - b_other) / (l2 + count).
void fit_side(const data::UserItems& lists, const Tensor<float>& other, double mu, double l2, Tensor<float>& out) {
  for (Id row = 0; row < lists.num_users(); ++row) {
    const auto ids = lists.of(row);
    const auto ratings = lists.ratings_of(row);
    double residual = 0;
    for (std::size_t k = 0; k < ids.size(); ++k) residual += ratings[k] - mu - other.data()[ids[k]];
    out.data()[row] = static_cast<float>(residual / (l2 + static_cast<double>(ids.size())));
  }
}

}  // namespace

Biases::Biases(const ModelConfig& config, Id num_users, Id num_items)
    : config_(config), user_bias_(num_users, 1), item_bias_(num_items, 1) {
  if (num_users < 0 || num_items < 0) throw std::invalid_argument("biases: negative user or item count");
  if (!(config.l2 >= 0)) throw std::invalid_argument("biases: l2 must be 0 or more, got " + std::to_string(config.l2));
  std::fill_n(user_bias_.data(), user_bias_.size(), 0.0f);
  std::fill_n(item_bias_.data(), item_bias_.size(), 0.0f);
}

void Biases::begin_sweeps(const data::UserItems& user_items, const data::UserItems& item_users,
                          const SweepSettings&) {
  if (user_items.num_users() != num_users() || item_users.num_users() != num_items())
    throw std::invalid_argument("biases: training lists for " + std::to_string(user_items.num_users()) + " users and " +
                                std::to_string(item_users.num_users()) + " items, the model has " +
                                std::to_string(num_users()) + " and " + std::to_string(num_items()));
  if (user_items.ratings.size() != user_items.items.size() || item_users.ratings.size() != item_users.items.size())
    throw std::invalid_argument("biases: the training lists carry no ratings");
  user_items_ = &user_items;
  item_users_ = &item_users;
}

void Biases::sweep() {
  if (user_items_ == nullptr) throw std::logic_error("biases: sweep() before begin_sweeps()");
  fit_side(*item_users_, user_bias_, config_.global_mean, config_.l2, item_bias_);
  fit_side(*user_items_, item_bias_, config_.global_mean, config_.l2, user_bias_);
}

void Biases::predict(std::span<const Id> users, std::span<const Id> items, std::span<float> out) const {
  for (std::size_t r = 0; r < users.size(); ++r)
    out[r] = static_cast<float>(
        config_.clip_rating(config_.global_mean + user_bias_.data()[users[r]] + item_bias_.data()[items[r]]));
}

// Unclipped, as every rating model's ranking scores are: clipping would tie the top.
void Biases::score_users(Id first, Id count, std::span<float> out) const {
  const auto n = static_cast<std::size_t>(num_items());
  for (Id u = 0; u < count; ++u) {
    const double offset = config_.global_mean + user_bias_.data()[first + u];
    for (std::size_t i = 0; i < n; ++i)
      out[static_cast<std::size_t>(u) * n + i] = static_cast<float>(offset + item_bias_.data()[i]);
  }
}

}  // namespace recgrad
