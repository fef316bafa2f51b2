// read_mat on the real ex4 weights (the figures of ../shared/data/README.md) and on small
// level-5 MAT-files the tests write byte by byte.
#include "data/data_test_support.hpp"

#include <tapegrad/tapegrad.hpp>

namespace tg = tapegrad;

namespace {

std::string le32(std::uint32_t v) {
  return std::string{static_cast<char>(v), static_cast<char>(v >> 8), static_cast<char>(v >> 16),
                     static_cast<char>(v >> 24)};
}

/// One data element: tag (type, byte count) and the bytes padded to 8.
std::string element(std::uint32_t type, const std::string& bytes) {
  std::string out = le32(type) + le32(static_cast<std::uint32_t>(bytes.size())) + bytes;
  out.resize((out.size() + 7) / 8 * 8, '\0');
  return out;
}

/// An uncompressed miMATRIX of class `matlab_class` (4 char, 6 double, 12 int32), 2-D.
std::string matrix(const std::string& name, std::uint32_t matlab_class, std::uint32_t rows, std::uint32_t cols,
                   std::uint32_t data_type, const std::string& data) {
  const std::string body = element(6, le32(matlab_class) + le32(0)) + element(5, le32(rows) + le32(cols)) +
                           element(1, name) + element(data_type, data);
  return le32(14) + le32(static_cast<std::uint32_t>(body.size())) + body;
}

std::string mat_header() {
  std::string text = "MATLAB 5.0 MAT-file, written by tapegrad's tests";
  text.resize(116, ' ');
  return text + std::string(8, '\0') + std::string("\x00\x01", 2) + "IM";
}

template <typename T>
std::string raw(const std::vector<T>& values) {
  return std::string(reinterpret_cast<const char*>(values.data()), values.size() * sizeof(T));
}

double sum_of_squares_without_bias(const tg::Tensor& theta) {
  const tg::Tensor w = theta.narrow(1, 1, theta.size(1) - 1);
  return (w * w).sum().item<double>();
}

}  // namespace

BOOST_AUTO_TEST_SUITE(data_mat)

BOOST_AUTO_TEST_CASE(ex4_weights_match_the_reference_figures) {
  const std::string path = tg_test::data_file("ex4/ex4weights.mat");
  BOOST_TEST(tg::data::mat_variable_names(path) == (std::vector<std::string>{"Theta1", "Theta2"}), tt::per_element());
  const tg::Tensor theta1 = tg::data::read_mat(path, "Theta1");
  const tg::Tensor theta2 = tg::data::read_mat(path, "Theta2");
  BOOST_TEST(theta1.dtype() == tg::kFloat64);
  BOOST_TEST(theta1.shape() == (tg::Shape{25, 401}), tt::per_element());
  BOOST_TEST(theta2.shape() == (tg::Shape{10, 26}), tt::per_element());
  const double s1 = sum_of_squares_without_bias(theta1), s2 = sum_of_squares_without_bias(theta2);
  BOOST_TEST(s1 == 392.584142, tt::tolerance(1e-8));
  BOOST_TEST(s2 == 568.822797, tt::tolerance(1e-8));
  BOOST_TEST((s1 + s2) / (2 * 5000) == 0.096141, tt::tolerance(1e-5));  // 0.383770 - 0.287629
  BOOST_TEST(theta1.min().item<double>() == -1.463369, tt::tolerance(1e-6));
  BOOST_TEST(theta1.max().item<double>() == 1.008992, tt::tolerance(1e-6));
  BOOST_TEST(theta2.min().item<double>() == -4.030848, tt::tolerance(1e-6));
  BOOST_TEST(theta2.max().item<double>() == 3.211585, tt::tolerance(1e-6));
  // row-major: [0][0..2] is the first row, as MATLAB's Theta1(1, 1:3)
  tg_test::check_close(theta1.narrow(1, 0, 3)[0].to_vector<double>(),
                       {-2.25623899e-02, -1.05624163e-08, 2.19414684e-09}, 1e-8, 0, "Theta1[0][0..2]");
  tg_test::check_close(theta2.narrow(1, 0, 3)[0].to_vector<double>(), {-0.76100352, -1.21244498, -0.10187131}, 1e-7, 0,
                       "Theta2[0][0..2]");
}

BOOST_AUTO_TEST_CASE(a_hand_written_file_reads_column_major_into_row_major) {
  tg_test::ScratchDir dir("mat-ok");
  const std::string path = dir.file("w.mat");
  tg_test::write_bytes(path, mat_header() + matrix("w", 6, 2, 3, 9, raw<double>({1, 2, 3, 4, 5, 6})));
  tg_test::check_close(tg::data::read_mat(path, "w"), tg::tensor({{1, 3, 5}, {2, 4, 6}}, tg::kFloat64), 0, 0, "w");
}

BOOST_AUTO_TEST_CASE(broken_files_and_wrong_variables_name_the_file_and_the_problem) {
  tg_test::ScratchDir dir("mat-broken");
  const std::string real = tg_test::data_file("ex4/ex4weights.mat");
  TG_CHECK_THROWS_WITH(tg::data::read_mat(real, "Theta3"), "read_mat", real, "no variable 'Theta3'",
                       "it has: Theta1, Theta2");
  TG_CHECK_THROWS_WITH(tg::data::read_mat("/nonexistent/ex4/ex4weights.mat", "Theta1"), "read_mat",
                       "'/nonexistent/ex4/ex4weights.mat' not found", "bash scripts/download-data.sh ex4");

  const std::string typed = dir.file("typed.mat");
  tg_test::write_bytes(typed, mat_header() + matrix("name", 4, 1, 3, 4, raw<std::uint16_t>({'a', 'b', 'c'})) +
                                  matrix("counts", 12, 1, 2, 5, raw<std::int32_t>({7, 8})));
  TG_CHECK_THROWS_WITH(tg::data::read_mat(typed, "name"), "read_mat", typed, "variable 'name' is a char array",
                       "expected a real double matrix");
  TG_CHECK_THROWS_WITH(tg::data::read_mat(typed, "counts"), "read_mat", typed, "variable 'counts' is an int32 array");

  const std::string text = dir.file("text.mat");
  tg_test::write_bytes(text, "not a MAT-file at all");
  TG_CHECK_THROWS_WITH(tg::data::read_mat(text, "Theta1"), "read_mat", text, "too short for a level-5 MAT-file");

  // 200 bytes that libmatio would take for a level-4 file, whose first bytes declare a 2 GB
  // name (found by fuzz_mat): refused before libmatio allocates anything
  const std::string level4 = dir.file("level4.mat");
  std::string v4(200, '\0');
  v4[19] = 0x7a;
  tg_test::write_bytes(level4, v4);
  TG_CHECK_THROWS_WITH(tg::data::read_mat(level4, "x"), "read_mat", level4, "not a level-5 MAT-file");
  TG_CHECK_THROWS_WITH(tg::data::mat_variable_names(level4), "read_mat", level4, "not a level-5 MAT-file");

  const std::string bytes = tg_test::read_bytes(real);
  const std::string cut = dir.file("cut.mat");  // the header and half of Theta1's compressed stream
  tg_test::write_bytes(cut, bytes.substr(0, 20000));
  TG_CHECK_THROWS_WITH(tg::data::read_mat(cut, "Theta1"), "read_mat", cut);
}

BOOST_AUTO_TEST_SUITE_END()
