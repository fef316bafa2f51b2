#pragma once
/// Datasets as torch::data spells them: BatchDataset, Dataset (get + size) and MapDataset
/// (`dataset.map(transform)`).
#include <cstddef>
#include <limits>
#include <optional>
#include <type_traits>
#include <utility>
#include <vector>

#include <tapegrad/data/array_ref.hpp>
#include <tapegrad/data/example.hpp>

namespace tapegrad::data {

namespace datasets {
template <typename Source, typename AppliedTransform>
class MapDataset;
}  // namespace datasets

namespace detail {
/// The sample a thread's Dataset::get_batch is reading, so that the DataLoader can name it
/// when get() throws (npos when none).
inline std::size_t& current_sample() {
  thread_local std::size_t index = std::numeric_limits<std::size_t>::max();
  return index;
}

/// True when `D` has `get_batch_stacked(ArrayRef<size_t>)`: its examples are rows of tensors,
/// so a batch is one gather instead of a stack of small tensors. The tensors it returns are
/// new (never views of the dataset's), so transforms may change them in place.
template <typename D, typename = void>
struct has_stacked_batch : std::false_type {};
template <typename D>
struct has_stacked_batch<
    D, std::void_t<decltype(std::declval<D&>().get_batch_stacked(std::declval<ArrayRef<std::size_t>>()))>>
    : std::true_type {};
template <typename D>
constexpr bool has_stacked_batch_v = has_stacked_batch<D>::value;

/// True when `D` has `get_batch_stacked_affine(indices, scale, shift)`: it can apply
/// `data * scale + shift` while it gathers (MNIST does, in its byte-to-float pass).
template <typename D, typename = void>
struct has_affine_gather : std::false_type {};
template <typename D>
struct has_affine_gather<D, std::void_t<decltype(std::declval<D&>().get_batch_stacked_affine(
                                std::declval<ArrayRef<std::size_t>>(), 1.0, 0.0))>> : std::true_type {};

/// True when transform `T` may be an affine map of the data (`affine()`: Normalize).
template <typename T, typename = void>
struct has_affine : std::false_type {};
template <typename T>
struct has_affine<T, std::void_t<decltype(std::declval<const T&>().affine())>> : std::true_type {};

/// True for transforms::Stack (it declares `stacks_examples`).
template <typename T, typename = void>
struct is_stack : std::false_type {};
template <typename T>
struct is_stack<T, std::void_t<typename T::stacks_examples>> : std::true_type {};
}  // namespace detail

namespace datasets {

/// A dataset that makes whole batches from a request (a list of indices by default). Derive
/// from Dataset instead unless batches are cheaper made whole.
template <typename Self, typename Batch = std::vector<Example<>>, typename BatchRequest = ArrayRef<std::size_t>>
class BatchDataset {
 public:
  using SelfType = Self;
  using BatchType = Batch;
  using BatchRequestType = BatchRequest;
  constexpr static bool is_stateful = false;

  virtual ~BatchDataset() = default;
  /// The batch for `request`. The DataLoader calls it from its worker threads at once, so it
  /// must not change shared state without a lock.
  virtual Batch get_batch(BatchRequest request) = 0;
  /// Number of examples (LibTorch returns an optional: nullopt for endless streams).
  virtual std::optional<std::size_t> size() const = 0;

  /// This dataset with `transform` applied to each batch it makes, as LibTorch's map():
  ///     auto ds = MNIST(root).map(transforms::Normalize<>(0.1307, 0.3081)).map(transforms::Stack<>());
  template <typename TransformType>
  MapDataset<Self, TransformType> map(TransformType transform) & {
    return MapDataset<Self, TransformType>(static_cast<Self&>(*this), std::move(transform));
  }
  template <typename TransformType>
  MapDataset<Self, TransformType> map(TransformType transform) && {
    return MapDataset<Self, TransformType>(std::move(static_cast<Self&>(*this)), std::move(transform));
  }
};

/// A dataset of single examples: implement get(index) and size(); batches are the examples
/// of the requested indices, in request order.
///
///     struct Squares : tg::data::datasets::Dataset<Squares> {
///       tg::data::Example<> get(std::size_t i) override {
///         return {tg::full({1}, double(i)), tg::full({1}, double(i * i))};
///       }
///       std::optional<std::size_t> size() const override { return 100; }
///     };
template <typename Self, typename SingleExample = Example<>>
class Dataset : public BatchDataset<Self, std::vector<SingleExample>> {
 public:
  using ExampleType = SingleExample;

  /// The example at `index` (0 <= index < size()).
  virtual ExampleType get(std::size_t index) = 0;

  std::vector<ExampleType> get_batch(ArrayRef<std::size_t> indices) override {
    std::vector<ExampleType> batch;
    batch.reserve(indices.size());
    for (const std::size_t index : indices) {
      detail::current_sample() = index;
      batch.push_back(get(index));
    }
    detail::current_sample() = std::numeric_limits<std::size_t>::max();
    return batch;
  }
};

/// `source.map(transform)`: the source's batches passed through `transform.apply_batch`.
/// Mapping Stack over a dataset whose examples are rows of tensors (MNIST, TensorDataset,
/// possibly through Normalize) makes each batch with one gather.
template <typename Source, typename AppliedTransform>
class MapDataset : public BatchDataset<MapDataset<Source, AppliedTransform>,
                                       decltype(std::declval<AppliedTransform&>().apply_batch(
                                           std::declval<typename Source::BatchType>())),
                                       typename Source::BatchRequestType> {
 public:
  using DatasetType = Source;
  using TransformType = AppliedTransform;
  using BatchRequestType = typename Source::BatchRequestType;
  using OutputBatchType =
      decltype(std::declval<AppliedTransform&>().apply_batch(std::declval<typename Source::BatchType>()));

  MapDataset(Source dataset, AppliedTransform transform)
      : dataset_(std::move(dataset)), transform_(std::move(transform)) {}

  OutputBatchType get_batch(BatchRequestType request) override {
    if constexpr (stacks_in_one_gather()) {
      return dataset_.get_batch_stacked(request);
    } else {
      return transform_.apply_batch(dataset_.get_batch(std::move(request)));
    }
  }

  std::optional<std::size_t> size() const override { return dataset_.size(); }

  /// The stacked batch, when the source makes one and the transform applies to whole batches
  /// (Normalize does; a Lambda on single examples does not).
  template <typename S = Source, typename T = AppliedTransform>
  auto get_batch_stacked(ArrayRef<std::size_t> indices)
      -> decltype(std::declval<T&>().apply_stacked(std::declval<S&>().get_batch_stacked(indices))) {
    if constexpr (detail::has_affine_gather<S>::value && detail::has_affine<T>::value) {
      // Normalize by one mean and std folds into the source's gather: one pass over the batch
      if (const auto affine = transform_.affine())
        return dataset_.get_batch_stacked_affine(indices, affine->first, affine->second);
    }
    return transform_.apply_stacked(dataset_.get_batch_stacked(indices));
  }

  /// True when get_batch makes each batch with one gather (Stack over a row dataset).
  static constexpr bool stacks_in_one_gather() {
    if constexpr (detail::is_stack<AppliedTransform>::value && detail::has_stacked_batch_v<Source>) {
      return std::is_same_v<decltype(std::declval<Source&>().get_batch_stacked(std::declval<ArrayRef<std::size_t>>())),
                            OutputBatchType>;
    } else {
      return false;
    }
  }

  const Source& dataset() const { return dataset_; }
  Source& dataset() { return dataset_; }
  const AppliedTransform& transform() const { return transform_; }

 private:
  Source dataset_;
  AppliedTransform transform_;
};

/// The free-function spelling: `datasets::map(dataset, transform)`.
template <typename Source, typename AppliedTransform>
MapDataset<Source, AppliedTransform> map(Source dataset, AppliedTransform transform) {
  return MapDataset<Source, AppliedTransform>(std::move(dataset), std::move(transform));
}

}  // namespace datasets

}  // namespace tapegrad::data
