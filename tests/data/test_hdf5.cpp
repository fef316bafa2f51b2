// read_hdf5 on the real cat-vs-non-cat files (the figures of ../shared/data/README.md) and on
// broken files the tests write.
#include "data/data_test_support.hpp"

#include <tapegrad/data/data_dir.hpp>
#include <tapegrad/data/hdf5.hpp>

#include <hdf5.h>

#include <numeric>
#include <thread>

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

/// Writes `values` as a dataset of `file_type` and shape `dims`, from memory of `memory_type`.
template <typename T>
void write_dataset(hid_t file, const char* name, hid_t file_type, hid_t memory_type, std::vector<hsize_t> dims,
                   const std::vector<T>& values) {
  const hid_t space = H5Screate_simple(static_cast<int>(dims.size()), dims.data(), nullptr);
  const hid_t set = H5Dcreate2(file, name, file_type, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  BOOST_REQUIRE(set >= 0);
  BOOST_REQUIRE(H5Dwrite(set, memory_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()) >= 0);
  H5Dclose(set);
  H5Sclose(space);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(data_hdf5)

BOOST_AUTO_TEST_CASE(every_element_type_reads_with_its_shape_and_values) {
  tg_test::ScratchDir dir("hdf5-types");
  const std::string path = dir.file("types.h5");
  const hid_t file = H5Fcreate(path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
  BOOST_REQUIRE(file >= 0);
  write_dataset(file, "f32", H5T_IEEE_F32LE, H5T_NATIVE_FLOAT, {2, 3}, std::vector<float>{1.5f, -2, 3, 4, 5, 6.25f});
  write_dataset(file, "f64_be", H5T_IEEE_F64BE, H5T_NATIVE_DOUBLE, {3}, std::vector<double>{0.1, -1e300, 7});
  write_dataset(file, "i32", H5T_STD_I32LE, H5T_NATIVE_INT32, {2, 2}, std::vector<std::int32_t>{-5, 0, 2147483647, 1});
  write_dataset(file, "i8", H5T_STD_I8LE, H5T_NATIVE_INT8, {2}, std::vector<std::int8_t>{-128, 127});
  write_dataset(file, "u8", H5T_STD_U8LE, H5T_NATIVE_UINT8, {1, 2, 2}, std::vector<std::uint8_t>{0, 1, 254, 255});
  // a dataset whose extent is far larger than the file (never written: all fill value)
  const hsize_t huge[2] = {hsize_t{1} << 40, hsize_t{1} << 20}, chunk[2] = {1, 1024};
  const hid_t plist = H5Pcreate(H5P_DATASET_CREATE);
  H5Pset_chunk(plist, 2, chunk);
  const hid_t huge_space = H5Screate_simple(2, huge, nullptr);
  H5Dclose(H5Dcreate2(file, "huge", H5T_IEEE_F32LE, huge_space, H5P_DEFAULT, plist, H5P_DEFAULT));
  H5Sclose(huge_space);
  H5Pclose(plist);
  // an element type the reader does not handle: a compound of two ints
  const hid_t pair = H5Tcreate(H5T_COMPOUND, 8);
  H5Tinsert(pair, "a", 0, H5T_NATIVE_INT32);
  H5Tinsert(pair, "b", 4, H5T_NATIVE_INT32);
  write_dataset(file, "pairs", pair, pair, {2}, std::vector<std::int32_t>{1, 2, 3, 4});
  H5Tclose(pair);
  H5Fclose(file);

  BOOST_TEST(tg::data::hdf5_dataset_names(path) ==
                 (std::vector<std::string>{"f32", "f64_be", "huge", "i32", "i8", "pairs", "u8"}),
             tt::per_element());
  const auto f32 = tg::data::read_hdf5(path, "f32");
  BOOST_TEST(f32.dtype == "float32");
  BOOST_TEST(f32.tensor.dtype() == tg::kFloat32);
  BOOST_TEST(f32.shape == (tg::Shape{2, 3}), tt::per_element());
  BOOST_TEST(f32.tensor.to_vector<float>() == (std::vector<float>{1.5f, -2, 3, 4, 5, 6.25f}), tt::per_element());
  const auto f64 = tg::data::read_hdf5(path, "f64_be");  // big-endian on disk, converted by libhdf5
  BOOST_TEST(f64.dtype == "float64");
  BOOST_TEST(f64.tensor.to_vector<double>() == (std::vector<double>{0.1, -1e300, 7}), tt::per_element());
  const auto i32 = tg::data::read_hdf5(path, "i32");  // other integer types widen to int64
  BOOST_TEST(i32.dtype == "int64");
  BOOST_TEST(i32.tensor.to_vector<std::int64_t>() == (std::vector<std::int64_t>{-5, 0, 2147483647, 1}),
             tt::per_element());
  const auto i8 = tg::data::read_hdf5(path, "i8");  // signed bytes are not pixels: int64 too
  BOOST_TEST(i8.dtype == "int64");
  BOOST_TEST(i8.tensor.to_vector<std::int64_t>() == (std::vector<std::int64_t>{-128, 127}), tt::per_element());
  const auto u8 = tg::data::read_hdf5(path, "u8");
  BOOST_TEST(u8.dtype == "uint8");
  BOOST_TEST(u8.shape == (tg::Shape{1, 2, 2}), tt::per_element());
  BOOST_TEST(*u8.bytes.bytes == (std::vector<std::uint8_t>{0, 1, 254, 255}), tt::per_element());

  TG_CHECK_THROWS_WITH(tg::data::read_hdf5(path, "huge"), "read_hdf5", path, "dataset 'huge'",
                       "more elements than a file of");
  TG_CHECK_THROWS_WITH(tg::data::read_hdf5(path, "pairs"), "read_hdf5", path, "dataset 'pairs'", "type class",
                       "only unsigned bytes, integers, floats and fixed-length strings");
}

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

// Files on which libhdf5 1.10 itself reads past its buffers (found by fuzz/fuzz_hdf5): the
// reader checks what it can (a chunk larger than its dataset), and a crash inside libhdf5
// ends only the child process that read_hdf5 runs it in.
BOOST_AUTO_TEST_CASE(files_that_crash_libhdf5_give_an_error) {
  const std::string fixtures = std::string(TAPEGRAD_FIXTURES_DIR) + "/hdf5_corrupt/";
  const std::string chunked = fixtures + "chunk_larger_than_dataset.h5";
  TG_CHECK_THROWS_WITH(tg::data::read_hdf5(chunked, "x_deflax_deflatedist_classes"), "read_hdf5", chunked,
                       "declares a chunk of 100663300 along dimension 1");
  BOOST_TEST(tg::data::read_hdf5(chunked, "u8").shape == (tg::Shape{1, 2, 2}), tt::per_element());

  const std::string heap = fixtures + "local_heap_out_of_file.h5";
  TG_CHECK_THROWS_WITH(tg::data::hdf5_dataset_names(heap), "read_hdf5", heap, "the reader crashed on it (signal 11",
                       "the file is corrupt");
}

// Not under AddressSanitizer: GCC 12's ASan allocator does not take its lock across fork(), so a
// child forked while another thread allocates can inherit it locked and hang in its first malloc
// (seen in CI's ASan pass). glibc's malloc, which release builds use, is fork-safe.
#if !defined(__SANITIZE_ADDRESS__)
BOOST_AUTO_TEST_CASE(threads_read_at_once) {
  const std::string path = tg_test::data_file("cat/test_catvnoncat.h5");
  std::vector<std::thread> threads;
  std::vector<std::int64_t> cats(4, -1);
  for (std::size_t t = 0; t < cats.size(); ++t)
    threads.emplace_back(
        [&, t] { cats[t] = tg::data::read_hdf5(path, "test_set_y").tensor.sum().item<std::int64_t>(); });
  for (auto& thread : threads) thread.join();
  BOOST_TEST(cats == (std::vector<std::int64_t>(4, 33)), tt::per_element());
}
#endif

BOOST_AUTO_TEST_SUITE_END()
