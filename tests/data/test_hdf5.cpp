// read_hdf5 on the real cat-vs-non-cat files (the figures of ../shared/data/README.md) and on
// broken files the tests write.
#include "data/data_test_support.hpp"

#include <tapegrad/data/data_dir.hpp>
#include <tapegrad/data/hdf5.hpp>

#include <numeric>

namespace tg = tapegrad;

namespace {

struct CatFigures {
  std::string file, prefix;
  std::int64_t samples, cats;
  std::vector<std::int64_t> first_labels;
  double pixel_mean;
  std::uint64_t image0_sum;
};

void check_cat_file(const CatFigures& f) {
  const std::string path = tg_test::data_file("cat/" + f.file);
  BOOST_TEST(tg::data::hdf5_dataset_names(path) ==
                 (std::vector<std::string>{"list_classes", f.prefix + "_set_x", f.prefix + "_set_y"}),
             tt::per_element());
  const auto x = tg::data::read_hdf5(path, f.prefix + "_set_x");
  BOOST_TEST(x.dtype == "uint8");
  BOOST_TEST(x.shape == (tg::Shape{f.samples, 64, 64, 3}), tt::per_element());
  const auto& bytes = *x.bytes.bytes;
  const double sum = std::accumulate(bytes.begin(), bytes.end(), 0.0);
  BOOST_TEST(sum / static_cast<double>(bytes.size()) == f.pixel_mean, tt::tolerance(1e-6));
  BOOST_TEST(std::accumulate(bytes.begin(), bytes.begin() + 64 * 64 * 3, std::uint64_t{0}) == f.image0_sum);

  const auto y = tg::data::read_hdf5(path, f.prefix + "_set_y");
  BOOST_TEST(y.dtype == "int64");
  BOOST_TEST(y.shape == (tg::Shape{f.samples}), tt::per_element());
  const auto labels = y.tensor.to_vector<std::int64_t>();
  BOOST_TEST(std::count(labels.begin(), labels.end(), 1) == f.cats);
  BOOST_TEST(std::count(labels.begin(), labels.end(), 0) == f.samples - f.cats);
  BOOST_TEST(std::vector<std::int64_t>(labels.begin(), labels.begin() + 10) == f.first_labels, tt::per_element());

  const auto classes = tg::data::read_hdf5(path, "list_classes");
  BOOST_TEST(classes.dtype == "string");
  BOOST_TEST(classes.strings == (std::vector<std::string>{"non-cat", "cat"}), tt::per_element());
}

}  // namespace

BOOST_AUTO_TEST_SUITE(data_hdf5)

BOOST_AUTO_TEST_CASE(train_file_matches_the_reference_figures) {
  check_cat_file({"train_catvnoncat.h5", "train", 209, 72, {0, 0, 1, 0, 0, 0, 0, 1, 0, 0}, 103.0071, 838615});
  // train image 0, pixel (0,0) = RGB (17, 31, 56), and as floats in [0,1]
  const auto x = tg::data::read_hdf5(tg_test::data_file("cat/train_catvnoncat.h5"), "train_set_x");
  BOOST_TEST(((*x.bytes.bytes)[0] == 17 && (*x.bytes.bytes)[1] == 31 && (*x.bytes.bytes)[2] == 56));
  const tg::Tensor images = x.bytes.to_tensor(tg::kFloat32, 1.0 / 255);
  BOOST_TEST(images.at<float>({0, 0, 0, 2}) == 56.0f / 255, tt::tolerance(1e-6f));
}

BOOST_AUTO_TEST_CASE(test_file_matches_the_reference_figures) {
  check_cat_file({"test_catvnoncat.h5", "test", 50, 33, {1, 1, 1, 1, 1, 0, 1, 1, 1, 1}, 107.3723, 1283788});
}

BOOST_AUTO_TEST_CASE(a_wrong_dataset_name_lists_the_ones_there_are) {
  const std::string path = tg_test::data_file("cat/train_catvnoncat.h5");
  TG_CHECK_THROWS_WITH(tg::data::read_hdf5(path, "train_x"), "read_hdf5", path, "no dataset 'train_x'",
                       "it has: list_classes, train_set_x, train_set_y");
}

BOOST_AUTO_TEST_CASE(broken_files_name_the_file_and_the_problem) {
  tg_test::ScratchDir dir("hdf5-broken");
  TG_CHECK_THROWS_WITH(tg::data::read_hdf5("/nonexistent/cat/train_catvnoncat.h5", "train_set_x"), "read_hdf5",
                       "'/nonexistent/cat/train_catvnoncat.h5' not found", "bash scripts/download-data.sh cat");

  const std::string text = dir.file("not.h5");
  tg_test::write_bytes(text, "this is not an HDF5 file\n");
  TG_CHECK_THROWS_WITH(tg::data::read_hdf5(text, "x"), "read_hdf5", text, "not an HDF5 file");

  const std::string real = tg_test::read_bytes(tg_test::data_file("cat/train_catvnoncat.h5"));
  const std::string cut = dir.file("cut.h5");  // the header survives, the data does not
  tg_test::write_bytes(cut, real.substr(0, 100000));
  TG_CHECK_THROWS_WITH(tg::data::read_hdf5(cut, "train_set_x"), "read_hdf5", cut);
}

BOOST_AUTO_TEST_SUITE_END()
