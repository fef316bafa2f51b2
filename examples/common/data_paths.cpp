#include "data_paths.hpp"

#include <tapegrad/data/data_dir.hpp>

#include <cstdlib>
#include <filesystem>
#include <stdexcept>

#ifndef TAPEGRAD_DEFAULT_DATA_DIR
#define TAPEGRAD_DEFAULT_DATA_DIR ""
#endif

namespace examples {

namespace fs = std::filesystem;

std::optional<std::string> find_data(const std::string& name, const std::string& probe_file,
                                     const std::string& data_dir, std::vector<std::string>* tried) {
  std::vector<std::string> bases;
  if (!data_dir.empty()) {
    bases.push_back(data_dir);
  } else {
    if (const char* env = std::getenv("TAPEGRAD_DATA_DIR"); env != nullptr && *env != '\0') bases.emplace_back(env);
    for (const auto& base : tapegrad::data::data_search_path()) bases.push_back(base);
    if (*TAPEGRAD_DEFAULT_DATA_DIR != '\0') bases.emplace_back(TAPEGRAD_DEFAULT_DATA_DIR);
  }
  for (const auto& base : bases) {
    const fs::path folder = fs::path(base) / name;
    std::error_code ec;
    if (fs::exists(folder / probe_file, ec)) return fs::weakly_canonical(folder, ec).string();
    if (tried != nullptr) tried->push_back(folder.string());
  }
  return std::nullopt;
}

std::string require_data(const std::string& name, const std::string& probe_file, const std::string& data_dir) {
  std::vector<std::string> tried;
  if (auto found = find_data(name, probe_file, data_dir, &tried)) return *found;
  std::string where;
  for (const auto& t : tried) where += (where.empty() ? "" : ", ") + t;
  throw std::runtime_error("no " + probe_file + " in " + where + "; fetch it with " +
                           tapegrad::data::fetch_command(name) + " or pass --data-dir");
}

}  // namespace examples
