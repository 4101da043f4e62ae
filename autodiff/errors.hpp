// The two ways a graph can be built wrong, as exception types a caller can catch
// apart. Both are thrown in release builds too: a wrong shape or id is a bug in the
// caller's data or model, and silently reading past a table is worse than stopping.
#pragma once

#include <stdexcept>
#include <string>

namespace recgrad {

// Operand shapes that an op cannot combine; the message names the op and the shapes.
struct ShapeError : std::invalid_argument {
  using std::invalid_argument::invalid_argument;
};

// An id outside its table; the message names the op, the table, the id and the table size.
struct IndexError : std::out_of_range {
  using std::out_of_range::out_of_range;
};

}  // namespace recgrad
