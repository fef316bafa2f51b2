#include "report.hpp"

#include <tapegrad/autograd/blas.hpp>

#include <gnuplot-iostream.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>

namespace examples {

void Metrics::log(const std::vector<std::pair<std::string, double>>& row) {
  std::map<std::string, double> values;
  for (const auto& [name, value] : row) {
    values[name] = value;
    if (std::find(columns_.begin(), columns_.end(), name) == columns_.end()) columns_.push_back(name);
  }
  rows_.push_back(std::move(values));
}

void Metrics::write_csv(const std::string& path) const {
  std::ofstream file(path);
  if (!file) throw std::runtime_error("cannot write '" + path + "'");
  for (std::size_t i = 0; i < columns_.size(); ++i) file << (i ? "," : "") << columns_[i];
  file << "\n";
  char buf[64];
  for (const auto& row : rows_) {
    for (std::size_t i = 0; i < columns_.size(); ++i) {
      if (i) file << ",";
      if (auto it = row.find(columns_[i]); it != row.end()) {
        std::snprintf(buf, sizeof buf, "%.9g", it->second);
        file << buf;
      }
    }
    file << "\n";
  }
}

std::vector<std::pair<double, double>> Metrics::series(const std::string& x, const std::string& name) const {
  std::vector<std::pair<double, double>> points;
  for (const auto& row : rows_) {
    auto xi = row.find(x), yi = row.find(name);
    if (xi != row.end() && yi != row.end()) points.emplace_back(xi->second, yi->second);
  }
  return points;
}

bool have_gnuplot() {
  static const bool found = std::system("command -v gnuplot >/dev/null 2>&1") == 0;
  return found;
}

static std::string quoted(const std::string& text) {
  std::string out = "'";
  for (char c : text) out += c == '\'' ? std::string("''") : std::string(1, c);
  return out + "'";
}

bool plot_curves(const std::string& path, const std::vector<Curve>& curves, const PlotOptions& options) {
  if (!have_gnuplot()) {
    std::fprintf(stderr, "gnuplot not found: %s not drawn (apt-get install gnuplot-nox)\n", path.c_str());
    return false;
  }
  Gnuplot gp("gnuplot");
  gp << "set terminal pngcairo size " << options.width << "," << options.height << " font 'sans,10'\n"
     << "set output " << quoted(path) << "\n"
     << "set title " << quoted(options.title) << "\n"
     << "set xlabel " << quoted(options.xlabel) << "\nset ylabel " << quoted(options.ylabel) << "\n"
     << "set grid\nset key top right\n";
  if (options.log_y) gp << "set logscale y\n";
  gp << "plot ";
  for (std::size_t i = 0; i < curves.size(); ++i)
    gp << (i ? ", " : "") << "'-' with lines linewidth 2 title " << quoted(curves[i].title);
  gp << "\n";
  for (const auto& curve : curves) gp.send1d(curve.points);
  gp << "set output\n";
  return true;
}

std::string out_path(const std::string& out, const std::string& name) {
  if (out.empty()) return name;
  std::filesystem::create_directories(out);
  return (std::filesystem::path(out) / name).string();
}

nlohmann::json blas_json() {
  const tapegrad::BlasInfo blas = tapegrad::blas_info();
  return {{"library", blas.library}, {"version", blas.version}, {"core", blas.core},
          {"config", blas.config},   {"threads", blas.threads}, {"kernel_selection", blas.kernel_selection}};
}

void print_blas() {
  std::printf("blas: %s\n", tapegrad::blas_info().to_string().c_str());
  std::fflush(stdout);
}

void write_summary(const std::string& path, nlohmann::json figures, const nlohmann::json& settings) {
  figures["blas"] = blas_json();
  figures["settings"] = settings;
  std::ofstream file(path);
  if (!file) throw std::runtime_error("cannot write '" + path + "'");
  file << figures.dump(2) << "\n";
}

}  // namespace examples
