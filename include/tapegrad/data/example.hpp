#pragma once
/// Example: one sample of a dataset, its `data` and its `target`, as torch::data::Example.
#include <utility>

#include <tapegrad/autograd/tensor.hpp>

namespace tapegrad::data {

/// The target type of examples that have none (TensorExample).
struct NoTarget {};

/// A sample: `data` (the input) and `target` (the label), both tensors by default.
///
///     tg::data::Example<> example{tg::ones({1, 28, 28}), tg::scalar_tensor(5, tg::kInt64)};
template <typename Data = Tensor, typename Target = Tensor>
struct Example {
  using DataType = Data;
  using TargetType = Target;
  Example() = default;
  Example(Data data, Target target) : data(std::move(data)), target(std::move(target)) {}
  Data data;
  Target target;
};

/// An example with data only, as torch::data::Example<Data, NoTarget>.
template <typename Data>
struct Example<Data, NoTarget> {
  using DataType = Data;
  using TargetType = NoTarget;
  Example() = default;
  Example(Data data) : data(std::move(data)) {}  // NOLINT: implicit, as in LibTorch
  operator Data&() { return data; }              // NOLINT
  operator const Data&() const { return data; }  // NOLINT
  Data data;
};

/// A data-only example of one tensor.
using TensorExample = Example<Tensor, NoTarget>;

}  // namespace tapegrad::data
