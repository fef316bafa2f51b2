#include <tapegrad/data/datasets/mnist.hpp>

#include <tapegrad/autograd/creation.hpp>
#include <tapegrad/data/data_dir.hpp>
#include <tapegrad/data/idx.hpp>

#include <filesystem>

namespace tapegrad::data::datasets {

namespace {

constexpr const char* kWhere = "MNIST";
constexpr std::uint32_t kImagesMagic = 0x803, kLabelsMagic = 0x801;

/// `<root>/<name>.gz` when it exists, else `<root>/<name>`; a missing pair names the .gz.
std::string find_file(const std::string& root, const std::string& name) {
  const std::filesystem::path gz = std::filesystem::path(root) / (name + ".gz");
  const std::filesystem::path raw = std::filesystem::path(root) / name;
  std::error_code ec;
  if (std::filesystem::exists(gz, ec)) return gz.string();
  if (std::filesystem::exists(raw, ec)) return raw.string();
  const std::string folder = std::filesystem::path(root).filename().string();
  tapegrad::detail::fail(kWhere, "'", gz.string(), "' not found (nor '", raw.string(), "'); fetch it with ",
                         fetch_command(folder.empty() ? "mnist" : folder));
}

}  // namespace

MNIST::MNIST(const std::string& root, Mode mode) : train_(mode == Mode::kTrain) {
  const std::string prefix = train_ ? "train" : "t10k";
  const std::string images_path = find_file(root, prefix + "-images-idx3-ubyte");
  const std::string labels_path = find_file(root, prefix + "-labels-idx1-ubyte");
  IdxFile images = read_idx(images_path);
  TG_CHECK(images.magic == kImagesMagic, kWhere, "'", images_path, "': magic 0x", std::hex, images.magic, std::dec,
           " is not an image file's (0x00000803)");
  TG_CHECK(images.array.shape.size() == 3 && images.array.shape[1] == 28 && images.array.shape[2] == 28, kWhere, "'",
           images_path, "': images of ", shape_to_string(images.array.shape), ", expected [N,28,28]");
  IdxFile labels = read_idx(labels_path);
  TG_CHECK(labels.magic == kLabelsMagic, kWhere, "'", labels_path, "': magic 0x", std::hex, labels.magic, std::dec,
           " is not a label file's (0x00000801)");
  TG_CHECK(labels.array.shape[0] == images.array.shape[0], kWhere, "'", labels_path, "': ", labels.array.shape[0],
           " labels for ", images.array.shape[0], " images in '", images_path, "'");
  for (std::size_t i = 0; i < labels.array.bytes->size(); ++i)
    TG_CHECK((*labels.array.bytes)[i] <= 9, kWhere, "'", labels_path, "': label ", int{(*labels.array.bytes)[i]},
             " of sample ", i, " is not a digit 0..9");
  pixels_ = std::move(images.array);
  targets_ = labels.array.to_tensor(kInt64);
}

Example<> MNIST::get(std::size_t index) {
  TG_CHECK(index < static_cast<std::size_t>(pixels_.shape[0]), kWhere, "index ", index, " out of range for ",
           pixels_.shape[0], " images");
  const std::size_t one[1] = {index};
  Tensor image = pixels_.gather_rows(ArrayRef<std::size_t>(one, 1), 1.0 / 255).view({1, 28, 28});
  return {image, targets_[static_cast<std::int64_t>(index)]};
}

std::optional<std::size_t> MNIST::size() const { return static_cast<std::size_t>(pixels_.shape[0]); }

Example<> MNIST::get_batch_stacked(ArrayRef<std::size_t> indices) const {
  return get_batch_stacked_affine(indices, 1.0, 0.0);
}

Example<> MNIST::get_batch_stacked_affine(ArrayRef<std::size_t> indices, double scale, double shift) const {
  for (const std::size_t i : indices)
    TG_CHECK(i < static_cast<std::size_t>(pixels_.shape[0]), kWhere, "index ", i, " out of range for ",
             pixels_.shape[0], " images");
  const auto n = static_cast<std::int64_t>(indices.size());
  Tensor data = pixels_.gather_rows(indices, scale / 255, kFloat32, shift).view({n, 1, 28, 28});
  Tensor target = empty({n}, kInt64);
  const std::int64_t* labels = targets_.data_ptr<std::int64_t>();
  std::int64_t* out = target.data_ptr<std::int64_t>();
  for (std::size_t k = 0; k < indices.size(); ++k) out[k] = labels[indices[k]];
  return {data, target};
}

Tensor MNIST::images() const { return pixels_.to_tensor(kFloat32, 1.0 / 255).view({pixels_.shape[0], 1, 28, 28}); }

}  // namespace tapegrad::data::datasets
