// Bump allocator behind the tape: every value, gradient and saved record of one
// minibatch's graph lives here, and `reset()` makes it all reusable at once.
//
// While a batch needs more than the current block, further blocks are chained on.
// On reset, a chain of several blocks is replaced by one block as large as their sum,
// so from the second batch of a steady workload on, recording allocates nothing.
#pragma once

#include <cstddef>
#include <memory>
#include <vector>

namespace recgrad {

class Arena {
 public:
  explicit Arena(std::size_t first_block_bytes = 1 << 20);

  // Uninitialised storage for n objects of T, aligned to at least 64 bytes.
  template <class T>
  T* allocate(std::size_t n) {
    return static_cast<T*>(allocate_bytes(n * sizeof(T)));
  }
  void* allocate_bytes(std::size_t bytes);

  void reset();

  std::size_t capacity_bytes() const;  // all blocks together
  std::size_t used_bytes() const;      // handed out since the last reset

 private:
  struct Block {
    std::unique_ptr<std::byte[]> memory;
    std::size_t size = 0;
  };
  void add_block(std::size_t min_bytes);

  std::vector<Block> blocks_;
  std::size_t offset_ = 0;         // into blocks_.back()
  std::size_t used_in_full_ = 0;   // bytes handed out from all blocks but the last
};

}  // namespace recgrad
