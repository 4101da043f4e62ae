// What every evaluation over a ScoreSource shares: argument checks and the threaded,
// blocked walk over the users' score rows. Internal to evaluation/.
#pragma once

#include <algorithm>
#include <cstdint>
#include <exception>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include <omp.h>

#include "evaluation/metrics.hpp"

namespace recgrad::eval_detail {

inline void check_options(const EvalOptions& options) {
  if (options.k < 1)
    throw std::invalid_argument("evaluation: k must be at least 1, got " + std::to_string(options.k));
  if (options.block_users < 1)
    throw std::invalid_argument("evaluation: block_users must be at least 1, got " +
                                std::to_string(options.block_users));
  if (options.threads < 0)
    throw std::invalid_argument("evaluation: threads must be >= 0, got " +
                                std::to_string(options.threads));
}

inline void check_shape(const char* what, const ScoreSource& source, const data::UserItems& lists) {
  if (!source.score_users) throw std::invalid_argument("evaluation: the score source is empty");
  if (lists.num_users() != source.num_users || lists.num_items != source.num_items)
    throw std::invalid_argument(std::string("evaluation: ") + what + " lists are " +
                                std::to_string(lists.num_users()) + " users x " +
                                std::to_string(lists.num_items) + " items but the scores are " +
                                std::to_string(source.num_users) + " x " +
                                std::to_string(source.num_items));
}

// Scores the rows in blocks of options.block_users, the blocks shared among OpenMP
// threads, and calls visit(scratch, row, scores of that row). Each thread owns one
// Scratch. Exceptions may not leave an OpenMP region, so each block keeps its own and
// the first (by block) is rethrown after the loop.
template <class Scratch, class Visit>
void for_each_scored_row(const ScoreSource& source, const EvalOptions& options, Visit visit) {
  const std::int64_t rows = source.num_users, n = source.num_items;
  const std::int64_t block = options.block_users;
  const std::int64_t num_blocks = (rows + block - 1) / block;
  std::vector<std::exception_ptr> errors(static_cast<std::size_t>(num_blocks));
  const int threads = options.threads > 0 ? options.threads : omp_get_max_threads();
#pragma omp parallel num_threads(threads)
  {
    std::vector<float> scores;
    Scratch scratch;
#pragma omp for schedule(dynamic, 1)
    for (std::int64_t b = 0; b < num_blocks; ++b) {
      try {
        const auto first = static_cast<std::int32_t>(b * block);
        const auto count = static_cast<std::int32_t>(std::min(block, rows - first));
        scores.resize(static_cast<std::size_t>(count * n));
        source.score_users(first, count, scores);
        for (std::int32_t i = 0; i < count; ++i)
          visit(scratch, first + i, std::span<const float>(scores.data() + i * n, n));
      } catch (...) {
        errors[static_cast<std::size_t>(b)] = std::current_exception();
      }
    }
  }
  for (const auto& error : errors)
    if (error) std::rethrow_exception(error);
}

struct NoScratch {};

inline double mean(double sum, std::int64_t count) { return sum / static_cast<double>(count); }

}  // namespace recgrad::eval_detail
