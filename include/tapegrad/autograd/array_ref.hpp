#pragma once
/// IntArrayRef: what Tensor::sizes() and strides() return, as c10::IntArrayRef.
///
///     tg::Tensor x = tg::zeros({2, 3});
///     std::cout << x.sizes();            // [2, 3]
///     std::int64_t rows = x.sizes()[0];  // 2
///     tg::Shape copy = x.sizes().vec();  // or just `tg::Shape copy = x.sizes();`
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <ostream>
#include <vector>

#include <tapegrad/autograd/error.hpp>

namespace tapegrad {

/// A pointer and a length over someone else's elements, as c10::ArrayRef. It does not own them:
/// `x.sizes()` stays valid while the tensor `x` lives (as in LibTorch; copy it with vec() to keep).
template <typename T>
class ArrayRef {
 public:
  using value_type = T;
  using iterator = const T*;
  using const_iterator = const T*;
  using size_type = std::size_t;

  constexpr ArrayRef() = default;
  constexpr ArrayRef(const T* data, std::size_t length) : data_(data), size_(length) {}
  /// One element, as c10::ArrayRef: `tg::IntArrayRef(n)`.
  constexpr ArrayRef(const T& one) : data_(&one), size_(1) {}                             // NOLINT: implicit, like c10
  ArrayRef(const std::vector<T>& values) : data_(values.data()), size_(values.size()) {}  // NOLINT
  /// From braces; the list must outlive the ArrayRef (fine as a function argument).
  constexpr ArrayRef(const std::initializer_list<T>& values)  // NOLINT: implicit, like c10
      : data_(values.begin() == values.end() ? nullptr : values.begin()), size_(values.size()) {}

  constexpr const T* begin() const { return data_; }
  constexpr const T* end() const { return data_ + size_; }
  constexpr const T* data() const { return data_; }
  constexpr std::size_t size() const { return size_; }
  constexpr bool empty() const { return size_ == 0; }
  constexpr const T& operator[](std::size_t i) const { return data_[i]; }
  /// Checked access: throws a tapegrad::Error past the end.
  const T& at(std::size_t i) const {
    TG_CHECK(i < size_, "ArrayRef::at", "index ", i, " is out of range for ", size_, " elements");
    return data_[i];
  }
  const T& front() const { return at(0); }
  const T& back() const { return at(size_ - 1); }
  bool equals(ArrayRef other) const {
    if (size_ != other.size_) return false;
    for (std::size_t i = 0; i < size_; ++i)
      if (!(data_[i] == other.data_[i])) return false;
    return true;
  }
  /// The elements [n, n + m), as c10's slice.
  ArrayRef slice(std::size_t n, std::size_t m) const {
    TG_CHECK(n + m <= size_, "ArrayRef::slice", "cannot take ", m, " elements from ", n, " of ", size_);
    return ArrayRef(data_ + n, m);
  }
  ArrayRef slice(std::size_t n) const { return slice(n, size_ - n); }
  /// A copy of the elements.
  std::vector<T> vec() const { return std::vector<T>(begin(), end()); }
  operator std::vector<T>() const { return vec(); }  // NOLINT: implicit, like c10

 private:
  const T* data_ = nullptr;
  std::size_t size_ = 0;
};

template <typename T>
bool operator==(ArrayRef<T> a, ArrayRef<T> b) {
  return a.equals(b);
}
template <typename T>
bool operator!=(ArrayRef<T> a, ArrayRef<T> b) {
  return !a.equals(b);
}
template <typename T>
bool operator==(ArrayRef<T> a, const std::vector<T>& b) {
  return a.equals(b);
}
template <typename T>
bool operator!=(ArrayRef<T> a, const std::vector<T>& b) {
  return !a.equals(b);
}
template <typename T>
bool operator==(const std::vector<T>& a, ArrayRef<T> b) {
  return b.equals(a);
}
template <typename T>
bool operator!=(const std::vector<T>& a, ArrayRef<T> b) {
  return !b.equals(a);
}

/// Prints as LibTorch does: `[2, 3]`.
template <typename T>
std::ostream& operator<<(std::ostream& out, ArrayRef<T> values) {
  out << "[";
  for (std::size_t i = 0; i < values.size(); ++i) out << (i ? ", " : "") << values[i];
  return out << "]";
}

/// Sizes and strides, as c10::IntArrayRef.
using IntArrayRef = ArrayRef<std::int64_t>;

}  // namespace tapegrad
