// read_csv on the real 8x8 digits (the figures of ../shared/data/README.md) and on small files
// the tests write: headers, label columns, CRLF, and every broken-row case.
#include "data/data_test_support.hpp"

#include <tapegrad/data/csv.hpp>

#include <array>

namespace tg = tapegrad;
using tg::data::CsvOptions;

BOOST_AUTO_TEST_SUITE(data_csv)

BOOST_AUTO_TEST_CASE(digits_match_the_reference_figures) {
  const auto table = tg::data::read_csv(tg_test::data_file("digits/digits.csv.gz"));
  BOOST_TEST(table.columns.empty());
  BOOST_TEST(table.data.shape() == (tg::Shape{1797, 64}), tt::per_element());
  BOOST_TEST(table.data.dtype() == tg::kFloat32);
  BOOST_TEST(table.labels.shape() == (tg::Shape{1797}), tt::per_element());
  const auto labels = table.labels.to_vector<std::int64_t>();
  BOOST_TEST(std::vector<std::int64_t>(labels.begin(), labels.begin() + 10) ==
                 (std::vector<std::int64_t>{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}),
             tt::per_element());
  std::array<int, 10> counts{};
  for (auto l : labels) ++counts.at(static_cast<std::size_t>(l));
  BOOST_TEST(counts == (std::array<int, 10>{178, 182, 177, 183, 181, 182, 181, 179, 174, 180}), tt::per_element());
  BOOST_TEST(table.data.min().item<double>() == 0.0);
  BOOST_TEST(table.data.max().item<double>() == 16.0);
  BOOST_TEST(table.data.to(tg::kFloat64).mean().item<double>() == 4.8842, tt::tolerance(1e-4));
  const std::vector<double> first_row = {
      0, 0, 5, 13, 9, 1, 0, 0, 0, 0, 13, 15, 10, 15, 5, 0, 0, 3, 15, 2, 0,  11, 8, 0, 0, 4, 12, 0,  0,  8, 8, 0,
      0, 5, 8, 0,  0, 9, 8, 0, 0, 4, 11, 0,  1,  12, 7, 0, 0, 2, 14, 5, 10, 12, 0, 0, 0, 0, 6,  13, 10, 0, 0, 0};
  BOOST_TEST(table.data.narrow(0, 0, 1).to_vector<double>() == first_row, tt::per_element());
}

BOOST_AUTO_TEST_CASE(headers_label_columns_crlf_and_plain_files) {
  tg_test::ScratchDir dir("csv-ok");
  const std::string path = dir.file("table.csv");
  tg_test::write_bytes(path, "a, label, b\r\n1.5, 3, -2\r\n\r\n4e1, 0, 0.25\r\n");
  const auto table = tg::data::read_csv(path, CsvOptions().header(true).label_column(1).dtype(tg::kFloat64));
  BOOST_TEST(table.columns == (std::vector<std::string>{"a", "b"}), tt::per_element());
  BOOST_TEST(table.data.dtype() == tg::kFloat64);
  BOOST_TEST(table.data.to_vector<double>() == (std::vector<double>{1.5, -2, 40, 0.25}), tt::per_element());
  BOOST_TEST(table.labels.to_vector<std::int64_t>() == (std::vector<std::int64_t>{3, 0}), tt::per_element());

  const std::string gz = dir.file("plain.csv.gz");
  tg_test::write_bytes(gz, tg_test::gzip("1;2\n3;4"));
  const auto unlabelled = tg::data::read_csv(gz, CsvOptions().no_label().delimiter(';'));
  BOOST_TEST(unlabelled.data.shape() == (tg::Shape{2, 2}), tt::per_element());
  BOOST_TEST(!unlabelled.labels.defined());
}

BOOST_AUTO_TEST_CASE(broken_files_name_the_file_the_line_and_the_problem) {
  tg_test::ScratchDir dir("csv-broken");
  TG_CHECK_THROWS_WITH(tg::data::read_csv("/nonexistent/digits/digits.csv.gz"), "read_csv",
                       "'/nonexistent/digits/digits.csv.gz' not found", "bash scripts/download-data.sh digits");

  const std::string ragged = dir.file("ragged.csv");
  tg_test::write_bytes(ragged, "1,2,3\n4,5,6\n7,8\n");
  TG_CHECK_THROWS_WITH(tg::data::read_csv(ragged), "read_csv", ragged, "line 3 has 2 fields, expected 3", "ragged");

  const std::string word = dir.file("word.csv");
  tg_test::write_bytes(word, "1,2,3\n4,five,6\n");
  TG_CHECK_THROWS_WITH(tg::data::read_csv(word), "read_csv", word, "line 2, field 2: 'five' is not a number");

  const std::string fraction = dir.file("fraction.csv");
  tg_test::write_bytes(fraction, "1,2,3.5\n");
  TG_CHECK_THROWS_WITH(tg::data::read_csv(fraction), "read_csv", fraction, "label '3.5' is not an integer");

  const std::string empty = dir.file("empty.csv");
  tg_test::write_bytes(empty, "\n\n");
  TG_CHECK_THROWS_WITH(tg::data::read_csv(empty), "read_csv", empty, "no data rows");

  TG_CHECK_THROWS_WITH(tg::data::read_csv(ragged, CsvOptions().label_column(5)), "read_csv",
                       "label column 5 does not exist in 3 columns");

  const std::string real = tg_test::read_bytes(tg_test::data_file("digits/digits.csv.gz"));
  const std::string cut = dir.file("cut.csv.gz");
  tg_test::write_bytes(cut, real.substr(0, real.size() / 2));
  TG_CHECK_THROWS_WITH(tg::data::read_csv(cut), "read_csv", cut);
}

BOOST_AUTO_TEST_SUITE_END()
