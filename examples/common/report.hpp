#pragma once
/// What an example leaves in --out: metrics.csv, summary.json and PNG curves (drawn by gnuplot
/// through gnuplot-iostream).
#include <nlohmann/json.hpp>

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace examples {

/// One row per logged step or epoch; the columns are the first row's keys, in order given.
///
///     metrics.log({{"epoch", 1}, {"loss", 0.3}, {"train_accuracy", 0.91}});
///     metrics.write_csv(out + "/metrics.csv");
class Metrics {
 public:
  void log(const std::vector<std::pair<std::string, double>>& row);
  void write_csv(const std::string& path) const;
  /// The column `name` as (x, y) points against column `x`, skipping rows without `name`.
  std::vector<std::pair<double, double>> series(const std::string& x, const std::string& name) const;
  bool empty() const { return rows_.empty(); }

 private:
  std::vector<std::string> columns_;
  std::vector<std::map<std::string, double>> rows_;
};

/// One curve of a plot.
struct Curve {
  std::string title;
  std::vector<std::pair<double, double>> points;
};

/// Options of a line plot.
struct PlotOptions {
  std::string title, xlabel, ylabel;
  bool log_y = false;
  int width = 640, height = 400;
};

/// True when a `gnuplot` executable is on PATH (checked once); plots are skipped with a
/// message otherwise.
bool have_gnuplot();

/// Line plot of `curves` into the PNG `path` (gnuplot's pngcairo terminal). Returns false (and
/// says why on stderr) when gnuplot is missing.
bool plot_curves(const std::string& path, const std::vector<Curve>& curves, const PlotOptions& options);

/// Creates folder `out` (and parents) when non-empty; returns `out + "/" + name`.
std::string out_path(const std::string& out, const std::string& name);

/// The BLAS the run used (tg::blas_info()): library, version, core (the kernel set), config,
/// threads and kernel_selection, for summary.json.
nlohmann::json blas_json();

/// Prints "blas: OpenBLAS 0.3.21, core Haswell, 1 thread(s), kernel selection: ..." (the line
/// every example prints just before its one-line summary, since the BLAS decides most timings).
void print_blas();

/// Writes summary.json: `figures` (train_accuracy, test_accuracy, final_loss, train_seconds,
/// seed ...) at the top level, the BLAS under "blas" and every option under "settings".
void write_summary(const std::string& path, nlohmann::json figures, const nlohmann::json& settings);

}  // namespace examples
