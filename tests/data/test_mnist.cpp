// datasets::MNIST on the real MNIST files and on Fashion-MNIST from Debian's
// dataset-fashion-mnist package (the figures of ../shared/data/README.md).
#include "data/data_test_support.hpp"

#include <tapegrad/tapegrad.hpp>

#include <array>
#include <cmath>

namespace tg = tapegrad;
using tg::data::datasets::MNIST;

namespace {

std::string mnist_dir() {
  tg_test::data_file("mnist/train-images-idx3-ubyte.gz");
  return tg::data::data_dir("mnist", tg_test::data_root());
}

/// Mean and population std of all pixels (0..255), from the bytes.
std::pair<double, double> pixel_moments(const tg::data::ByteArray& pixels) {
  double sum = 0, sum_sq = 0;
  for (auto b : *pixels.bytes) {
    sum += b;
    sum_sq += double(b) * b;
  }
  const double n = static_cast<double>(pixels.bytes->size()), mean = sum / n;
  return {mean, std::sqrt(sum_sq / n - mean * mean)};
}

}  // namespace

BOOST_AUTO_TEST_SUITE(data_mnist)

BOOST_AUTO_TEST_CASE(train_set_examples_are_float_images_in_0_1_and_int64_labels) {
  MNIST train(mnist_dir(), MNIST::Mode::kTrain);
  BOOST_TEST(train.is_train());
  BOOST_TEST(*train.size() == 60000u);
  auto example = train.get(0);
  BOOST_TEST(example.data.shape() == (tg::Shape{1, 28, 28}), tt::per_element());
  BOOST_TEST(example.data.dtype() == tg::kFloat32);
  BOOST_TEST(example.target.dtype() == tg::kInt64);
  BOOST_TEST(example.target.item<std::int64_t>() == 5);
  BOOST_TEST(example.data.sum().item<double>() == 27525.0 / 255, tt::tolerance(1e-5));
  BOOST_TEST(example.data.max().item<float>() <= 1.0f);
  BOOST_TEST(example.data.at<float>({0, 14, 13}) == 81.0f / 255, tt::tolerance(1e-6f));
  BOOST_TEST(train.targets().shape() == (tg::Shape{60000}), tt::per_element());
  BOOST_TEST(train.pixels().bytes->size() == 47040000u);  // kept as bytes, not floats
}

BOOST_AUTO_TEST_CASE(train_pixel_statistics_are_the_normalisation_constants) {
  MNIST train(mnist_dir());
  const auto [mean, stddev] = pixel_moments(train.pixels());
  BOOST_TEST(mean == 33.3184, tt::tolerance(1e-5));
  BOOST_TEST(stddev == 78.5675, tt::tolerance(1e-5));
  tg::Tensor images = train.images();  // float [60000,1,28,28] in [0,1]
  BOOST_TEST(images.shape() == (tg::Shape{60000, 1, 28, 28}), tt::per_element());
  BOOST_TEST(images.to(tg::kFloat64).mean().item<double>() == 0.130660, tt::tolerance(1e-5));
  BOOST_TEST(std::sqrt(images.to(tg::kFloat64).var(false).item<double>()) == 0.308108, tt::tolerance(1e-5));
}

BOOST_AUTO_TEST_CASE(test_set_matches_the_reference_figures) {
  MNIST test(mnist_dir(), MNIST::Mode::kTest);
  BOOST_TEST(!test.is_train());
  BOOST_TEST(*test.size() == 10000u);
  const auto [mean, stddev] = pixel_moments(test.pixels());
  BOOST_TEST(mean == 33.7912, tt::tolerance(1e-5));
  BOOST_TEST(stddev == 79.1725, tt::tolerance(1e-5));
  std::vector<std::int64_t> first = test.targets().narrow(0, 0, 10).to_vector<std::int64_t>();
  BOOST_TEST(first == (std::vector<std::int64_t>{7, 2, 1, 0, 4, 1, 4, 9, 5, 9}), tt::per_element());
  BOOST_TEST(test.get(0).data.sum().item<double>() == 18454.0 / 255, tt::tolerance(1e-5));
}

BOOST_AUTO_TEST_CASE(a_stacked_batch_equals_the_stacked_examples) {
  MNIST test(mnist_dir(), MNIST::Mode::kTest);
  const std::vector<std::size_t> indices = {9999, 0, 17, 17, 4242};
  auto batch = test.get_batch_stacked(indices);
  BOOST_TEST(batch.data.shape() == (tg::Shape{5, 1, 28, 28}), tt::per_element());
  std::vector<tg::Tensor> images, labels;
  for (auto i : indices) {
    auto e = test.get(i);
    images.push_back(e.data);
    labels.push_back(e.target);
  }
  tg_test::check_close(batch.data, tg::stack(images), 0, 0, "data");
  tg_test::check_close(batch.target, tg::stack(labels), 0, 0, "target");
  TG_CHECK_THROWS_WITH(test.get(10000), "MNIST", "index 10000 out of range");
}

BOOST_AUTO_TEST_CASE(a_missing_folder_names_the_file_and_the_fetch_command) {
  TG_CHECK_THROWS_WITH(MNIST("/nonexistent/mnist"), "MNIST", "/nonexistent/mnist/train-images-idx3-ubyte.gz",
                       "not found", "bash scripts/download-data.sh mnist");
}

BOOST_AUTO_TEST_CASE(swapped_or_mismatched_files_are_refused) {
  tg_test::ScratchDir dir("mnist-broken");
  const std::string labels = tg_test::read_bytes(tg_test::data_file("mnist/t10k-labels-idx1-ubyte.gz"));
  // a labels file where the images should be
  tg_test::write_bytes(dir.file("t10k-images-idx3-ubyte.gz"), labels);
  tg_test::write_bytes(dir.file("t10k-labels-idx1-ubyte.gz"), labels);
  TG_CHECK_THROWS_WITH(MNIST(dir.path.string(), MNIST::Mode::kTest), "MNIST", "t10k-images-idx3-ubyte.gz",
                       "magic 0x801 is not an image file's");
  // 3 images but 10000 labels
  tg_test::write_bytes(dir.file("t10k-images-idx3-ubyte"), tg_test::be32(0x803) + tg_test::be32(3) + tg_test::be32(28) +
                                                               tg_test::be32(28) + std::string(3 * 784, '\0'));
  std::filesystem::remove(dir.file("t10k-images-idx3-ubyte.gz"));
  TG_CHECK_THROWS_WITH(MNIST(dir.path.string(), MNIST::Mode::kTest), "MNIST", "10000 labels for 3 images");
}

BOOST_AUTO_TEST_CASE(fashion_mnist_reads_through_the_same_class) {
  // Debian's dataset-fashion-mnist installs it in /usr/share/datasets (scripts/install-deps.sh)
  const std::string dir = tg::data::data_dir("fashion-mnist");
  BOOST_REQUIRE_MESSAGE(std::filesystem::exists(dir + "/train-images-idx3-ubyte.gz"),
                        "Fashion-MNIST missing in " << dir << ": apt-get install dataset-fashion-mnist");
  MNIST train(dir, MNIST::Mode::kTrain);
  MNIST test(dir, MNIST::Mode::kTest);
  BOOST_TEST(*train.size() == 60000u);
  BOOST_TEST(*test.size() == 10000u);
  std::array<std::int64_t, 10> counts{};
  for (auto label : train.targets().to_vector<std::int64_t>()) ++counts.at(static_cast<std::size_t>(label));
  for (auto c : counts) BOOST_TEST(c == 6000);
  const auto [mean, stddev] = pixel_moments(train.pixels());
  BOOST_TEST(mean == 72.9404, tt::tolerance(1e-5));
  BOOST_TEST(stddev == 90.0212, tt::tolerance(1e-5));
}

BOOST_AUTO_TEST_SUITE_END()
