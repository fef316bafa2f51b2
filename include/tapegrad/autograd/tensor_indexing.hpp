#pragma once
/// Indexing with LibTorch's TensorIndex: `x.index({Slice(), 0})`, `x.index_put_({mask}, 0.0)`.
///
///     using namespace tg::indexing;
///     tg::Tensor x = tg::arange(12.0).reshape({3, 4});
///     x.index({Slice(), 0});           // the first column, a view (as x[:, 0])
///     x.index({"...", None});          // shape [3, 4, 1], a view
///     x.index({Slice(1, None, 2)});    // rows 1, 3, ... (x[1::2]), a view
///     x.index({idx});                  // rows idx (an int64 tensor), a copy
///     x.index({x > 5.0});              // the elements where the mask is set, 1-D, a copy
///     x.index_put_({Slice(0, 2)}, 0);  // writes into x
///
/// Integers, slices, None, Ellipsis and bools give views exactly where LibTorch's do; index
/// tensors and masks (advanced indexing) give copies, with LibTorch's placement of the indexed
/// dimensions. Every result is differentiable, and index_put_ is recorded as other in-place ops.
/// As LibTorch: index tensors are int64, masks bool or uint8 (`x.index({x > 0})`), and any other
/// dtype is refused.
#include <cstdint>
#include <optional>
#include <string>
#include <variant>

#include <tapegrad/autograd/tensor.hpp>

namespace tapegrad::indexing {

/// `None` adds a dimension of size 1 (as Python's None); also "no bound" in a Slice.
constexpr std::nullopt_t None = std::nullopt;

struct EllipsisIndexType {
  constexpr EllipsisIndexType() = default;
};
/// `Ellipsis` (or the string "...") stands for as many full slices as the other indices leave.
constexpr EllipsisIndexType Ellipsis{};

/// start:stop:step along one dimension, as Python's slice; a missing bound means the end.
/// Out-of-range bounds are clamped, negative ones count from the end; step must be positive.
class Slice {
 public:
  Slice(std::optional<std::int64_t> start = std::nullopt, std::optional<std::int64_t> stop = std::nullopt,
        std::optional<std::int64_t> step = std::nullopt)
      : start_(start), stop_(stop), step_(step.value_or(1)) {}
  std::optional<std::int64_t> start() const { return start_; }
  std::optional<std::int64_t> stop() const { return stop_; }
  std::int64_t step() const { return step_; }

 private:
  std::optional<std::int64_t> start_, stop_;
  std::int64_t step_;
};

std::ostream& operator<<(std::ostream& out, const Slice& slice);

/// One entry of an index list: None, Ellipsis ("..."), an integer, a bool, a Slice or a tensor.
class TensorIndex {
 public:
  TensorIndex(std::nullopt_t) : value_(None_{}) {}                 // NOLINT: implicit, like LibTorch
  TensorIndex(EllipsisIndexType) : value_(EllipsisIndexType{}) {}  // NOLINT: implicit, like LibTorch
  /// Only "..." is accepted (anything else throws a tapegrad::Error).
  TensorIndex(const char* text);                                            // NOLINT: implicit, like LibTorch
  TensorIndex(std::int64_t integer) : value_(integer) {}                    // NOLINT: implicit, like LibTorch
  TensorIndex(int integer) : value_(static_cast<std::int64_t>(integer)) {}  // NOLINT: implicit, like LibTorch
  template <typename B, typename = std::enable_if_t<std::is_same_v<B, bool>>>
  TensorIndex(B boolean) : value_(Bool_{boolean}) {}         // NOLINT: implicit, like LibTorch
  TensorIndex(Slice slice) : value_(std::move(slice)) {}     // NOLINT: implicit, like LibTorch
  TensorIndex(Tensor tensor) : value_(std::move(tensor)) {}  // NOLINT: implicit, like LibTorch

  bool is_none() const { return std::holds_alternative<None_>(value_); }
  bool is_ellipsis() const { return std::holds_alternative<EllipsisIndexType>(value_); }
  bool is_integer() const { return std::holds_alternative<std::int64_t>(value_); }
  bool is_boolean() const { return std::holds_alternative<Bool_>(value_); }
  bool is_slice() const { return std::holds_alternative<Slice>(value_); }
  bool is_tensor() const { return std::holds_alternative<Tensor>(value_); }
  std::int64_t integer() const { return std::get<std::int64_t>(value_); }
  bool boolean() const { return std::get<Bool_>(value_).value; }
  const Slice& slice() const { return std::get<Slice>(value_); }
  const Tensor& tensor() const { return std::get<Tensor>(value_); }

 private:
  struct None_ {};
  struct Bool_ {
    bool value;
  };
  std::variant<None_, EllipsisIndexType, std::int64_t, Bool_, Slice, Tensor> value_;
};

/// Prints as LibTorch: `None`, `...`, `3`, `0:4:2`, `true`, `Tensor`.
std::ostream& operator<<(std::ostream& out, const TensorIndex& index);

}  // namespace tapegrad::indexing
