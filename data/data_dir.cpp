#include <tapegrad/data/data_dir.hpp>

#include <tapegrad/autograd/error.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>

namespace tapegrad::data {

namespace fs = std::filesystem;

std::vector<std::string> data_search_path() {
  std::vector<std::string> bases;
  if (const char* env = std::getenv("TAPEGRAD_DATA"); env != nullptr && *env != '\0') bases.emplace_back(env);
  if (const char* home = std::getenv("HOME"); home != nullptr && *home != '\0')
    bases.push_back(std::string(home) + "/.cache/tapegrad/data");
  bases.emplace_back("/usr/share/datasets");
  return bases;
}

std::string fetch_command(const std::string& name) {
  if (name == "fashion-mnist")
    return "`sudo apt-get install dataset-fashion-mnist` or `bash scripts/download-data.sh fashion-mnist`";
  if (name == "mnist" || name == "cat" || name == "digits" || name == "ex4")
    return "`bash scripts/download-data.sh " + name + "`";
  return "`bash scripts/download-data.sh` (see ../shared/data/README.md)";
}

std::string data_dir(const std::string& name, const std::string& root) {
  if (!root.empty()) return (fs::path(root) / name).string();
  std::string tried;
  for (const auto& base : data_search_path()) {
    const fs::path dir = fs::path(base) / name;
    std::error_code ec;
    if (fs::is_directory(dir, ec)) return dir.string();
    tried += (tried.empty() ? "" : ", ") + dir.string();
  }
  tapegrad::detail::fail("data_dir", "no folder '", name, "' in ", tried,
                         " (set TAPEGRAD_DATA, or pass --data-dir); fetch it with ", fetch_command(name));
}

namespace detail {

void require_file(const std::string& path, const char* where) {
  std::error_code ec;
  if (fs::is_regular_file(path, ec)) {
    std::ifstream probe(path, std::ios::binary);
    TG_CHECK(probe.good(), where, "'", path, "': cannot be opened for reading");
    return;
  }
  const std::string name = fs::path(path).parent_path().filename().string();
  tapegrad::detail::fail(where, "'", path, "' not found; fetch it with ", fetch_command(name));
}

}  // namespace detail

}  // namespace tapegrad::data
