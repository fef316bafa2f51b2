#pragma once
/// TensorDataset: examples that are rows of tensors (data [N, ...], target [N, ...]).
#include <cstddef>
#include <optional>
#include <string>

#include <tapegrad/autograd/tensor.hpp>
#include <tapegrad/data/dataset.hpp>

namespace tapegrad::data::datasets {

/// Example i is {data[i], target[i]}. Mapped with Stack, a batch is one index_select per
/// tensor, not a stack of small tensors.
///
///     tg::data::datasets::TensorDataset ds(tg::randn({1000, 64}), tg::randint(0, 10, {1000}));
///     auto loader = tg::data::make_data_loader(ds.map(tg::data::transforms::Stack<>()), 32);
///
/// Unlike LibTorch's TensorDataset (data only), it carries a target; without one, the
/// examples' target is an undefined tensor.
class TensorDataset : public Dataset<TensorDataset> {
 public:
  /// `data` and `target` must have the same first size; throws tapegrad::Error otherwise.
  explicit TensorDataset(Tensor data, Tensor target = Tensor());

  /// Arrays `data_name` and (when not empty) `target_name` of a .npz archive (numpy.savez,
  /// tg::save_tensors), or the one array of a .npy file (no target). Throws tapegrad::Error
  /// naming the file and the arrays it has when one is missing.
  static TensorDataset from_numpy(const std::string& path, const std::string& data_name = "",
                                  const std::string& target_name = "");

  Example<> get(std::size_t index) override;
  std::optional<std::size_t> size() const override;
  Example<> get_batch_stacked(ArrayRef<std::size_t> indices) const;

  const Tensor& data() const { return data_; }
  const Tensor& target() const { return target_; }

 private:
  Tensor data_, target_;
};

}  // namespace tapegrad::data::datasets
