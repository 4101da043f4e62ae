#include "models/pop/pop.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>

namespace recgrad {

MostPopular::MostPopular(Id num_users, Id num_items) : num_users_(num_users), counts_(num_items, 1) {
  if (num_users < 0 || num_items < 0) throw std::invalid_argument("pop: negative user or item count");
}

void MostPopular::begin_sweeps(const data::UserItems&, const data::UserItems& item_users, const SweepSettings&) {
  if (item_users.num_users() != num_items())
    throw std::invalid_argument("pop: training lists for " + std::to_string(item_users.num_users()) +
                                " items, the model has " + std::to_string(num_items()));
  item_users_ = &item_users;
}

void MostPopular::sweep() {
  if (item_users_ == nullptr) throw std::logic_error("pop: sweep() before begin_sweeps()");
  // A count is exact in float up to 2^24 users, far beyond any data set this reads.
  for (Id i = 0; i < num_items(); ++i) counts_.data()[i] = static_cast<float>(item_users_->of(i).size());
}

void MostPopular::predict(std::span<const Id> users, std::span<const Id> items, std::span<float> out) const {
  for (std::size_t r = 0; r < users.size(); ++r) out[r] = counts_.data()[items[r]];
}

void MostPopular::score_users(Id, Id count, std::span<float> out) const {
  const auto n = static_cast<std::size_t>(num_items());
  for (std::size_t u = 0; u < static_cast<std::size_t>(count); ++u)
    std::copy_n(counts_.data(), n, out.begin() + static_cast<std::ptrdiff_t>(u * n));
}

}  // namespace recgrad
