#pragma once
/// Transforms as torch::data::transforms: Transform / BatchTransform bases, Lambda,
/// TensorLambda, Normalize and Stack.
#include <cstddef>
#include <functional>
#include <optional>
#include <utility>
#include <vector>

#include <tapegrad/autograd/tensor.hpp>
#include <tapegrad/data/example.hpp>

namespace tapegrad::data::transforms {

/// Turns a whole batch into another: `apply_batch`.
template <typename InputBatch, typename OutputBatch>
class BatchTransform {
 public:
  using InputBatchType = InputBatch;
  using OutputBatchType = OutputBatch;
  virtual ~BatchTransform() = default;
  virtual OutputBatch apply_batch(InputBatch input_batch) = 0;
};

/// Turns one example into another (`apply`); batches are transformed example by example.
template <typename Input, typename Output>
class Transform : public BatchTransform<std::vector<Input>, std::vector<Output>> {
 public:
  using InputType = Input;
  using OutputType = Output;
  virtual Output apply(Input input) = 0;
  std::vector<Output> apply_batch(std::vector<Input> input_batch) override {
    std::vector<Output> output;
    output.reserve(input_batch.size());
    for (auto& input : input_batch) output.push_back(apply(std::move(input)));
    return output;
  }
};

/// A BatchTransform from a function: `BatchLambda<std::vector<Example<>>, Example<>>(fn)`.
template <typename Input, typename Output = Input>
class BatchLambda : public BatchTransform<Input, Output> {
 public:
  using FunctionType = std::function<Output(Input)>;
  explicit BatchLambda(FunctionType function) : function_(std::move(function)) {}
  Output apply_batch(Input input_batch) override { return function_(std::move(input_batch)); }

 private:
  FunctionType function_;
};

/// A per-example Transform from a function:
///     transforms::Lambda<Example<>>([](Example<> e) { e.data = e.data * 2; return e; })
template <typename Input, typename Output = Input>
class Lambda : public Transform<Input, Output> {
 public:
  using FunctionType = std::function<Output(Input)>;
  explicit Lambda(FunctionType function) : function_(std::move(function)) {}
  Output apply(Input input) override { return function_(std::move(input)); }

 private:
  FunctionType function_;
};

/// A transform of an example's data tensor only (the target passes through): `operator()`.
template <typename Target = Tensor>
class TensorTransform : public Transform<Example<Tensor, Target>, Example<Tensor, Target>> {
 public:
  using E = Example<Tensor, Target>;
  virtual Tensor operator()(Tensor input) = 0;
  E apply(E input) override {
    input.data = (*this)(std::move(input.data));
    return input;
  }
};

/// A TensorTransform from a function of the data tensor.
template <typename Target = Tensor>
class TensorLambda : public TensorTransform<Target> {
 public:
  using FunctionType = std::function<Tensor(Tensor)>;
  explicit TensorLambda(FunctionType function) : function_(std::move(function)) {}
  Tensor operator()(Tensor input) override { return function_(std::move(input)); }

 private:
  FunctionType function_;
};

namespace detail {
/// Normalize's constants: a 0-d tensor for one value, [C,1,1] for one per channel (LibTorch
/// uses [C,1,1] always, which adds dimensions to 1-D and 2-D examples).
Tensor normalize_constant(const std::vector<double>& values, const char* what);
void check_normalize(const std::vector<double>& mean, const std::vector<double>& stddev);
/// (x - mean) / stddev in x's dtype.
Tensor normalize(const Tensor& x, const Tensor& mean, const Tensor& stddev);
/// The same over a stacked batch [B, example...], as if applied to each example.
Tensor normalize_stacked(const Tensor& batch, const Tensor& mean, const Tensor& stddev);
std::optional<std::pair<double, double>> normalize_affine(const Tensor& mean, const Tensor& stddev);
/// stack() of defined tensors, or an undefined tensor when all are undefined.
Tensor stack_examples(const std::vector<Tensor>& tensors, const char* what);
}  // namespace detail

/// (data - mean) / stddev, per channel when given one value per channel (data [C,H,W]):
///     dataset.map(tg::data::transforms::Normalize<>(0.1307, 0.3081))
/// Applied to stacked batches too, so mapping it keeps MNIST's one-gather batches.
template <typename Target = Tensor>
class Normalize : public TensorTransform<Target> {
 public:
  Normalize(double mean, double stddev) : Normalize(std::vector<double>{mean}, std::vector<double>{stddev}) {}
  Normalize(const std::vector<double>& mean, const std::vector<double>& stddev) {
    detail::check_normalize(mean, stddev);
    this->mean = detail::normalize_constant(mean, "mean");
    this->stddev = detail::normalize_constant(stddev, "stddev");
  }
  Tensor operator()(Tensor input) override { return detail::normalize(input, mean, stddev); }
  /// The transform of a stacked batch (what Stack would make of the transformed examples).
  Example<Tensor, Target> apply_stacked(Example<Tensor, Target> batch) {
    batch.data = detail::normalize_stacked(batch.data, mean, stddev);
    return batch;
  }

  /// {1 / stddev, -mean / stddev} when there is one mean and one stddev (data * first +
  /// second is then the transform; datasets of bytes fold it into their conversion, which may
  /// differ from (x - mean) / stddev in the last bit), else nullopt.
  std::optional<std::pair<double, double>> affine() const { return detail::normalize_affine(mean, stddev); }

  Tensor mean, stddev;
};

/// Collates a batch of examples into one example of stacked tensors: data [B, ...] and target
/// [B, ...], as LibTorch's Stack<>. The DataLoader's usual last transform.
template <typename T = Example<>>
struct Stack;

template <>
struct Stack<Example<>> : public BatchTransform<std::vector<Example<>>, Example<>> {
  using stacks_examples = void;
  Example<> apply_batch(std::vector<Example<>> examples) override {
    std::vector<Tensor> data, targets;
    data.reserve(examples.size());
    targets.reserve(examples.size());
    for (auto& example : examples) {
      data.push_back(std::move(example.data));
      targets.push_back(std::move(example.target));
    }
    return {detail::stack_examples(data, "data"), detail::stack_examples(targets, "target")};
  }
};

template <>
struct Stack<TensorExample> : public BatchTransform<std::vector<TensorExample>, TensorExample> {
  using stacks_examples = void;
  TensorExample apply_batch(std::vector<TensorExample> examples) override {
    std::vector<Tensor> data;
    data.reserve(examples.size());
    for (auto& example : examples) data.push_back(std::move(example.data));
    return detail::stack_examples(data, "data");
  }
};

}  // namespace tapegrad::data::transforms
