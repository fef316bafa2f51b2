#pragma once
/// MNIST (and Fashion-MNIST, the same format) as torch::data::datasets::MNIST.
#include <cstddef>
#include <optional>
#include <string>

#include <tapegrad/autograd/tensor.hpp>
#include <tapegrad/data/byte_array.hpp>
#include <tapegrad/data/dataset.hpp>

namespace tapegrad::data::datasets {

/// The MNIST digits from the four IDX files in `root` (`train-images-idx3-ubyte` and
/// `train-labels-idx1-ubyte`, or the `t10k-` pair, each gzipped (`.gz`, tried first) or raw).
/// Fashion-MNIST has the same files: `MNIST(tg::data::data_dir("fashion-mnist"))`.
/// Examples are float32 [1,28,28] in [0,1] and an int64 scalar label 0..9. The pixels stay
/// uint8 in memory (47 MB for the training set) and are converted per example or per batch.
///
///     tg::data::datasets::MNIST train(tg::data::data_dir("mnist"), MNIST::Mode::kTrain);
///     auto example = train.get(0);  // example.target.item<int64_t>() == 5
///
/// Mapped with Stack (and Normalize), a batch is one pass over the requested images' bytes.
class MNIST : public Dataset<MNIST> {
 public:
  /// Which pair of files: the 60 000 training or the 10 000 test images.
  enum class Mode { kTrain, kTest };

  /// Reads and checks both files (magics, counts against file sizes, images 28x28, labels
  /// 0..9, as many labels as images); throws tapegrad::Error "MNIST: ..." naming the file.
  explicit MNIST(const std::string& root, Mode mode = Mode::kTrain);

  Example<> get(std::size_t index) override;
  std::optional<std::size_t> size() const override;
  bool is_train() const noexcept { return train_; }

  /// Images `indices` as one float32 [B,1,28,28] tensor and their labels as int64 [B].
  Example<> get_batch_stacked(ArrayRef<std::size_t> indices) const;
  /// The same with `data * scale + shift` applied in the same pass (Normalize folded in).
  Example<> get_batch_stacked_affine(ArrayRef<std::size_t> indices, double scale, double shift) const;

  /// All images as float32 [N,1,28,28] in [0,1] (made on each call: 188 MB for train).
  Tensor images() const;
  /// All labels, int64 [N].
  const Tensor& targets() const { return targets_; }
  /// The raw pixels, uint8 [N,28,28].
  const ByteArray& pixels() const { return pixels_; }

 private:
  ByteArray pixels_;
  Tensor targets_;
  bool train_;
};

}  // namespace tapegrad::data::datasets
