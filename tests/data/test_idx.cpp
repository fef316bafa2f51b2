// The IDX reader on the real MNIST files (the figures of ../shared/data/README.md) and on
// small broken files the tests write.
#include "data/data_test_support.hpp"

#include <tapegrad/data/idx.hpp>

#include <array>
#include <numeric>

namespace tg = tapegrad;
using tg_test::be32;

namespace {

std::uint64_t byte_sum(const tg::data::ByteArray& a, std::size_t begin, std::size_t end) {
  std::uint64_t sum = 0;
  for (std::size_t i = begin; i < end; ++i) sum += (*a.bytes)[i];
  return sum;
}

std::vector<int> first_labels(const tg::data::ByteArray& labels, std::size_t n) {
  return std::vector<int>(labels.bytes->begin(), labels.bytes->begin() + static_cast<std::ptrdiff_t>(n));
}

std::array<int, 10> label_counts(const tg::data::ByteArray& labels) {
  std::array<int, 10> counts{};
  for (auto b : *labels.bytes) ++counts.at(b);
  return counts;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(data_idx)

BOOST_AUTO_TEST_CASE(mnist_train_images_match_the_reference_figures) {
  const auto file = tg::data::read_idx(tg_test::data_file("mnist/train-images-idx3-ubyte.gz"));
  BOOST_TEST(file.magic == 0x803u);
  BOOST_TEST(file.array.shape == (tg::Shape{60000, 28, 28}), tt::per_element());
  BOOST_TEST(file.array.bytes->size() == 47040000u);
  BOOST_TEST(byte_sum(file.array, 0, file.array.bytes->size()) == 1567298545u);
  BOOST_TEST(byte_sum(file.array, 0, 784) == 27525u);
  BOOST_TEST(std::count_if(file.array.bytes->begin(), file.array.bytes->begin() + 784, [](auto b) { return b != 0; }) ==
             166);
  const std::size_t zeros = static_cast<std::size_t>(std::count(file.array.bytes->begin(), file.array.bytes->end(), 0));
  BOOST_TEST(static_cast<double>(zeros) / 47040000.0 == 0.8088, tt::tolerance(1e-4));
  // train image 0, row 14: 0 x13, 81, 240, 253, 253, 119, 25, 0 x9
  std::vector<int> row(file.array.bytes->begin() + 14 * 28, file.array.bytes->begin() + 15 * 28);
  std::vector<int> expected(13, 0);
  for (int v : {81, 240, 253, 253, 119, 25}) expected.push_back(v);
  expected.resize(28, 0);
  BOOST_TEST(row == expected, tt::per_element());
}

BOOST_AUTO_TEST_CASE(mnist_test_images_match_the_reference_figures) {
  const auto file = tg::data::read_idx(tg_test::data_file("mnist/t10k-images-idx3-ubyte.gz"));
  BOOST_TEST(file.array.shape == (tg::Shape{10000, 28, 28}), tt::per_element());
  BOOST_TEST(byte_sum(file.array, 0, file.array.bytes->size()) == 264923200u);
  BOOST_TEST(byte_sum(file.array, 0, 784) == 18454u);
}

BOOST_AUTO_TEST_CASE(mnist_labels_match_the_reference_figures) {
  const auto train = tg::data::read_idx(tg_test::data_file("mnist/train-labels-idx1-ubyte.gz"));
  BOOST_TEST(train.magic == 0x801u);
  BOOST_TEST(train.array.shape == (tg::Shape{60000}), tt::per_element());
  BOOST_TEST(first_labels(train.array, 10) == (std::vector<int>{5, 0, 4, 1, 9, 2, 1, 3, 1, 4}), tt::per_element());
  const std::array<int, 10> train_counts{5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949};
  BOOST_TEST(label_counts(train.array) == train_counts, tt::per_element());

  const auto test = tg::data::read_idx(tg_test::data_file("mnist/t10k-labels-idx1-ubyte.gz"));
  BOOST_TEST(first_labels(test.array, 10) == (std::vector<int>{7, 2, 1, 0, 4, 1, 4, 9, 5, 9}), tt::per_element());
  const std::array<int, 10> test_counts{980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009};
  BOOST_TEST(label_counts(test.array) == test_counts, tt::per_element());
}

BOOST_AUTO_TEST_CASE(raw_and_gzipped_files_read_the_same) {
  tg_test::ScratchDir dir("idx-raw");
  const std::string bytes =
      be32(0x803) + be32(2) + be32(2) + be32(3) + std::string("\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a\x0b\xff", 12);
  tg_test::write_bytes(dir.file("raw-idx3-ubyte"), bytes);
  tg_test::write_bytes(dir.file("gz-idx3-ubyte.gz"), tg_test::gzip(bytes));
  for (const char* name : {"raw-idx3-ubyte", "gz-idx3-ubyte.gz"}) {
    const auto file = tg::data::read_idx(dir.file(name));
    BOOST_TEST(file.array.shape == (tg::Shape{2, 2, 3}), tt::per_element());
    BOOST_TEST((*file.array.bytes)[11] == 255);
    BOOST_TEST(file.array.to_tensor(tg::kFloat32, 1.0 / 255).to_vector<float>().back() == 1.0f);
  }
}

BOOST_AUTO_TEST_CASE(a_missing_file_names_the_path_and_the_fetch_command) {
  TG_CHECK_THROWS_WITH(tg::data::read_idx("/nonexistent/mnist/train-images-idx3-ubyte.gz"), "read_idx",
                       "'/nonexistent/mnist/train-images-idx3-ubyte.gz' not found",
                       "bash scripts/download-data.sh mnist");
}

BOOST_AUTO_TEST_CASE(broken_files_name_the_file_and_the_problem) {
  tg_test::ScratchDir dir("idx-broken");
  const std::string bad_magic = dir.file("bad-magic.gz");
  tg_test::write_bytes(bad_magic, tg_test::gzip("\x12\x34\x08\x01" + be32(3) + "abc"));
  TG_CHECK_THROWS_WITH(tg::data::read_idx(bad_magic), "read_idx", bad_magic, "bad magic 0x12340801");

  const std::string wrong_type = dir.file("float-idx1");
  tg_test::write_bytes(wrong_type, std::string("\0\0\x0d\x01", 4) + be32(1) + "abcd");
  TG_CHECK_THROWS_WITH(tg::data::read_idx(wrong_type), "read_idx", wrong_type, "element type 0xd not supported");

  const std::string truncated = dir.file("truncated-idx3.gz");  // says 60000 images, holds 2
  tg_test::write_bytes(truncated,
                       tg_test::gzip(be32(0x803) + be32(60000) + be32(28) + be32(28) + std::string(2 * 784, 'x')));
  // refused before allocating: 47 MB cannot come out of a few dozen compressed bytes
  TG_CHECK_THROWS_WITH(tg::data::read_idx(truncated), "read_idx", truncated, "truncated", "[60000,28,28]",
                       "47040000 bytes", "cannot expand that much");

  // the stream is long enough to hold the payload, but it ends early
  const std::string short_payload = dir.file("short-payload-idx1.gz");
  std::string noise;
  for (int i = 0; i < 20000; ++i) noise += static_cast<char>((i * 7919) % 251);
  tg_test::write_bytes(short_payload, tg_test::gzip(be32(0x801) + be32(30000) + noise));
  TG_CHECK_THROWS_WITH(tg::data::read_idx(short_payload), "read_idx", short_payload, "truncated", "[30000]",
                       "30000 bytes", "only 20000");

  // a raw header claiming 37 x 0x25252525 bytes (23 GB) (found by fuzz_idx): no allocation
  const std::string huge = dir.file("huge-raw-idx2");
  tg_test::write_bytes(huge, std::string("\0\0\x08\x02", 4) + be32(0x25) + be32(0x25252525) + "abc");
  TG_CHECK_THROWS_WITH(tg::data::read_idx(huge), "read_idx", huge, "truncated", "file has only 15 bytes");

  const std::string trailing = dir.file("trailing-idx1");
  tg_test::write_bytes(trailing, be32(0x801) + be32(2) + "abc");
  TG_CHECK_THROWS_WITH(tg::data::read_idx(trailing), "read_idx", trailing, "trailing bytes");

  const std::string short_header = dir.file("short-header");
  tg_test::write_bytes(short_header, std::string("\0\0\x08\x03", 4) + be32(5));
  TG_CHECK_THROWS_WITH(tg::data::read_idx(short_header), "read_idx", short_header, "truncated header");

  // a real .gz cut in the middle: the gzip stream ends early
  const std::string cut = dir.file("cut-idx1.gz");
  const std::string real = tg_test::read_bytes(tg_test::data_file("mnist/train-labels-idx1-ubyte.gz"));
  tg_test::write_bytes(cut, real.substr(0, real.size() / 2));
  TG_CHECK_THROWS_WITH(tg::data::read_idx(cut), "read_idx", cut);

  const std::string empty = dir.file("empty");
  tg_test::write_bytes(empty, "");
  TG_CHECK_THROWS_WITH(tg::data::read_idx(empty), "read_idx", empty, "too short");
}

BOOST_AUTO_TEST_SUITE_END()
