// The checks a model file's writer and reader share: what makes tensors and feature rows
// sound, so that a file that saves also loads.
#pragma once

#include <cstdint>
#include <string>

#include "autodiff/tensor.hpp"
#include "data/features.hpp"
#include "io/model_file.hpp"

namespace recgrad::model_file {

// The index of the first non-finite value in `t`, or -1.
std::int64_t first_non_finite(const Tensor<float>& t);
// "row r, column c" of a flat index into `t`.
std::string where(const Tensor<float>& t, std::int64_t index);

// What is wrong with a feature matrix, as the models read one (data/features.hpp), or "".
std::string feature_problem(const data::FeatureMatrix& m);

// What is wrong with one user's history against the catalogue, or "".
std::string history_problem(const data::UserSequences& history, std::int32_t users, std::int32_t items);

// Checks what the file will say about the model against the model itself before a
// byte is written: ModelFileError for id maps, titles, feature rows or a history that
// do not fit it.
void check_consistent(Recommender<float>& model, const ModelInfo& info);

}  // namespace recgrad::model_file
