#pragma once
/// TensorAccessor: typed `[]` access to a tensor's elements, as LibTorch's `x.accessor<T, N>()`.
///
///     tg::Tensor x = tg::zeros({2, 3});
///     auto a = x.accessor<float, 2>();
///     for (std::int64_t i = 0; i < a.size(0); ++i) a[i][i] = 1;   // x is now [[1,0,0],[0,1,0]]
#include <cstddef>
#include <cstdint>
#include <type_traits>

#include <tapegrad/autograd/tensor.hpp>

namespace tapegrad {

namespace detail {
template <typename T>
constexpr Dtype accessor_dtype() {
  static_assert(std::is_same_v<T, float> || std::is_same_v<T, double> || std::is_same_v<T, std::int64_t>,
                "accessor<T, N>: T must be float, double or int64_t");
  if constexpr (std::is_same_v<T, float>)
    return kFloat32;
  else if constexpr (std::is_same_v<T, double>)
    return kFloat64;
  else
    return kInt64;
}
[[noreturn]] void accessor_out_of_range(std::int64_t index, std::int64_t size);
}  // namespace detail

/// N dimensions of elements of type T, each `[]` peeling off the outermost one. Indices are
/// checked against the sizes (a tapegrad::Error, where LibTorch's is undefined behaviour). It
/// points into the tensor: keep the tensor alive while it is used.
template <typename T, std::size_t N>
class TensorAccessor {
 public:
  TensorAccessor(T* data, const std::int64_t* sizes, const std::int64_t* strides)
      : data_(data), sizes_(sizes), strides_(strides) {}
  TensorAccessor<T, N - 1> operator[](std::int64_t i) const {
    if (i < 0 || i >= sizes_[0]) detail::accessor_out_of_range(i, sizes_[0]);
    return TensorAccessor<T, N - 1>(data_ + strides_[0] * i, sizes_ + 1, strides_ + 1);
  }
  IntArrayRef sizes() const { return IntArrayRef(sizes_, N); }
  IntArrayRef strides() const { return IntArrayRef(strides_, N); }
  std::int64_t size(std::size_t d) const { return sizes_[d]; }
  std::int64_t stride(std::size_t d) const { return strides_[d]; }
  T* data() const { return data_; }

 private:
  T* data_;
  const std::int64_t* sizes_;
  const std::int64_t* strides_;
};

/// The innermost dimension: `[]` gives the element itself.
template <typename T>
class TensorAccessor<T, 1> {
 public:
  TensorAccessor(T* data, const std::int64_t* sizes, const std::int64_t* strides)
      : data_(data), sizes_(sizes), strides_(strides) {}
  T& operator[](std::int64_t i) const {
    if (i < 0 || i >= sizes_[0]) detail::accessor_out_of_range(i, sizes_[0]);
    return data_[strides_[0] * i];
  }
  IntArrayRef sizes() const { return IntArrayRef(sizes_, 1); }
  IntArrayRef strides() const { return IntArrayRef(strides_, 1); }
  std::int64_t size(std::size_t d) const { return sizes_[d]; }
  std::int64_t stride(std::size_t d) const { return strides_[d]; }
  T* data() const { return data_; }

 private:
  T* data_;
  const std::int64_t* sizes_;
  const std::int64_t* strides_;
};

template <typename T, std::size_t N>
TensorAccessor<T, N> Tensor::accessor() const& {
  static_assert(N > 0, "accessor is used for indexing a tensor; for a 0-d tensor use item()");
  const std::int64_t* sizes = nullptr;
  const std::int64_t* strides = nullptr;
  void* data = accessor_data(detail::accessor_dtype<T>(), N, sizes, strides);
  return TensorAccessor<T, N>(static_cast<T*>(data), sizes, strides);
}

}  // namespace tapegrad
