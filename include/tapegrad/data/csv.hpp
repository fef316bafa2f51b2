#pragma once
/// Reading numeric CSV files, optionally gzipped (the 8x8 digits).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <tapegrad/autograd/tensor.hpp>

namespace tapegrad::data {

/// How read_csv splits a file:
///     CsvOptions().header(true).label_column(-1).delimiter(';').dtype(tg::kFloat64)
class CsvOptions {
 public:
  /// The first line names the columns (default false: every line is data).
  CsvOptions& header(bool value) {
    header_ = value;
    return *this;
  }
  bool header() const { return header_; }
  /// The column holding integer labels, negative counting from the end (default -1, the last).
  CsvOptions& label_column(std::int64_t value) {
    label_column_ = value;
    return *this;
  }
  /// No label column: every column is data.
  CsvOptions& no_label() {
    label_column_.reset();
    return *this;
  }
  std::optional<std::int64_t> label_column() const { return label_column_; }
  CsvOptions& delimiter(char value) {
    delimiter_ = value;
    return *this;
  }
  char delimiter() const { return delimiter_; }
  /// The dtype of `data` (default float32).
  CsvOptions& dtype(Dtype value) {
    dtype_ = value;
    return *this;
  }
  Dtype dtype() const { return dtype_; }

 private:
  bool header_ = false;
  std::optional<std::int64_t> label_column_ = -1;
  char delimiter_ = ',';
  Dtype dtype_ = kFloat32;
};

/// A CSV file's numbers: `data` [rows, columns without the label], `labels` int64 [rows]
/// (undefined without a label column), `columns` the header's names (empty without one).
struct CsvTable {
  std::vector<std::string> columns;
  Tensor data;
  Tensor labels;
};

/// Reads a CSV of numbers, gzip-compressed (zlib) or plain; blank lines are skipped, CRLF is
/// accepted. Throws tapegrad::Error "read_csv: '<path>': ..." for a missing file (with the
/// fetch command), a row whose field count differs from the first row's ("line 17 has 64
/// fields, expected 65"), a field that is not a number, a label that is not an integer, or no
/// rows at all.
///
///     auto digits = tg::data::read_csv("digits/digits.csv.gz");  // data [1797,64], labels [1797]
CsvTable read_csv(const std::string& path, const CsvOptions& options = {});

}  // namespace tapegrad::data
