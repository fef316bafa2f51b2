#pragma once
/// ArrayRef: a non-owning view of contiguous elements, as c10::ArrayRef; what get_batch takes.
#include <cstddef>
#include <vector>

namespace tapegrad::data {

/// A pointer and a length over someone else's elements (a std::vector, usually). It does not
/// own them: keep the vector alive while the view is used.
///
///     std::vector<std::size_t> indices = {3, 1, 4};
///     auto batch = dataset.get_batch(indices);  // ArrayRef<std::size_t> from the vector
template <typename T>
class ArrayRef {
 public:
  ArrayRef() = default;
  ArrayRef(const T* data, std::size_t size) : data_(data), size_(size) {}
  ArrayRef(const std::vector<T>& values) : data_(values.data()), size_(values.size()) {}  // NOLINT: implicit
  const T* begin() const { return data_; }
  const T* end() const { return data_ + size_; }
  const T* data() const { return data_; }
  std::size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  const T& operator[](std::size_t i) const { return data_[i]; }
  /// A copy of the elements.
  std::vector<T> vec() const { return std::vector<T>(begin(), end()); }

 private:
  const T* data_ = nullptr;
  std::size_t size_ = 0;
};

}  // namespace tapegrad::data
