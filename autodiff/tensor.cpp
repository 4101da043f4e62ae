#include "autodiff/tensor.hpp"

namespace recgrad {

std::string to_string(Shape s) {
  return "[" + std::to_string(s.rows) + " x " + std::to_string(s.cols) + "]";
}

}  // namespace recgrad
