#pragma once
/// Finding a data set's folder for an example.
#include <optional>
#include <string>
#include <vector>

namespace examples {

/// The folder of data set `name` ("mnist", "cat", "digits", "ex4", "fashion-mnist") that holds
/// `probe_file`, tried in this order: `<data_dir>/<name>` when --data-dir is given (and only
/// that), else `$TAPEGRAD_DATA_DIR/<name>`, the library's search path (tg::data::data_search_path:
/// $TAPEGRAD_DATA, ~/.cache/tapegrad/data, /usr/share/datasets), and last the repository's
/// ../shared/data fixed at configure time. nullopt when none has it; `tried` lists the folders.
std::optional<std::string> find_data(const std::string& name, const std::string& probe_file,
                                     const std::string& data_dir, std::vector<std::string>* tried = nullptr);

/// find_data or a std::runtime_error naming every folder tried and the fetch command.
std::string require_data(const std::string& name, const std::string& probe_file, const std::string& data_dir);

}  // namespace examples
