#include <tapegrad/data/csv.hpp>

#include <tapegrad/autograd/creation.hpp>
#include <tapegrad/autograd/error.hpp>
#include <tapegrad/data/data_dir.hpp>

#include <zlib.h>

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <string_view>

namespace tapegrad::data {

namespace {

constexpr const char* kWhere = "read_csv";

std::string read_all(const std::string& path) {
  gzFile file = gzopen(path.c_str(), "rb");
  TG_CHECK(file != nullptr, kWhere, "'", path, "': cannot be opened");
  std::string text;
  char buffer[1 << 16];
  for (;;) {
    const int got = gzread(file, buffer, sizeof buffer);
    if (got < 0) {
      int code = 0;
      const std::string message = gzerror(file, &code);
      gzclose(file);
      tapegrad::detail::fail(kWhere, "'", path, "': corrupt gzip data (", message, ")");
    }
    if (got == 0) break;
    text.append(buffer, static_cast<std::size_t>(got));
  }
  int code = Z_OK;
  const std::string message = gzerror(file, &code);
  gzclose(file);
  TG_CHECK(code == Z_OK || code == Z_STREAM_END, kWhere, "'", path, "': truncated or corrupt gzip data (", message,
           ")");
  return text;
}

std::vector<std::string_view> split(std::string_view line, char delimiter) {
  std::vector<std::string_view> fields;
  std::size_t start = 0;
  for (;;) {
    const std::size_t end = line.find(delimiter, start);
    fields.push_back(line.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  return fields;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '"')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '"')) s.remove_suffix(1);
  return s;
}

}  // namespace

CsvTable read_csv(const std::string& path, const CsvOptions& options) {
  detail::require_file(path, kWhere);
  const std::string text = read_all(path);
  CsvTable table;
  std::vector<double> values;
  std::vector<double> labels;
  std::size_t width = 0, rows = 0, label = 0;
  bool have_width = false, header_pending = options.header();
  std::size_t line_number = 0, begin = 0;
  while (begin < text.size()) {
    std::size_t end = text.find('\n', begin);
    if (end == std::string::npos) end = text.size();
    std::string_view line(text.data() + begin, end - begin);
    begin = end + 1;
    ++line_number;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (trim(line).empty()) continue;
    const auto fields = split(line, options.delimiter());
    if (!have_width) {
      width = fields.size();
      have_width = true;
      if (auto column = options.label_column()) {
        const std::int64_t c = *column < 0 ? *column + static_cast<std::int64_t>(width) : *column;
        TG_CHECK(c >= 0 && c < static_cast<std::int64_t>(width), kWhere, "'", path, "': label column ", *column,
                 " does not exist in ", width, " columns");
        label = static_cast<std::size_t>(c);
      }
    }
    TG_CHECK(fields.size() == width, kWhere, "'", path, "': line ", line_number, " has ", fields.size(),
             " fields, expected ", width, " (ragged row)");
    if (header_pending) {
      for (std::size_t f = 0; f < fields.size(); ++f)
        if (!options.label_column() || f != label) table.columns.emplace_back(trim(fields[f]));
      header_pending = false;
      continue;
    }
    for (std::size_t f = 0; f < fields.size(); ++f) {
      const std::string field(trim(fields[f]));
      char* stop = nullptr;
      errno = 0;
      const double v = std::strtod(field.c_str(), &stop);
      TG_CHECK(!field.empty() && stop == field.c_str() + field.size() && errno == 0, kWhere, "'", path, "': line ",
               line_number, ", field ", f + 1, ": '", field, "' is not a number");
      if (options.label_column() && f == label) {
        TG_CHECK(std::floor(v) == v, kWhere, "'", path, "': line ", line_number, ": label '", field,
                 "' is not an integer");
        labels.push_back(v);
      } else {
        values.push_back(v);
      }
    }
    ++rows;
  }
  TG_CHECK(rows > 0, kWhere, "'", path, "': no data rows");
  const auto n = static_cast<std::int64_t>(rows);
  const auto columns = static_cast<std::int64_t>(width - (options.label_column() ? 1 : 0));
  table.data = from_vector(values, {n, columns}, options.dtype());
  if (options.label_column()) table.labels = from_vector(labels, {n}, kInt64);
  return table;
}

}  // namespace tapegrad::data
