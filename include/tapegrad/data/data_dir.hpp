#pragma once
/// Where data sets are found: one rule for examples, tests and benchmarks.
#include <string>
#include <vector>

namespace tapegrad::data {

/// The folders searched for a data set, in order, when no explicit folder is given:
/// `$TAPEGRAD_DATA` (when set), `~/.cache/tapegrad/data` (where scripts/download-data.sh puts
/// files), and Debian's `/usr/share/datasets` (where `apt-get install dataset-fashion-mnist`
/// puts `fashion-mnist/`).
std::vector<std::string> data_search_path();

/// The folder of data set `name` ("mnist", "fashion-mnist", "cat", "digits", "ex4"):
/// `<root>/<name>` when `root` is given (an example's `--data-dir`; not checked here, the
/// loader names a missing file), else `<base>/<name>` for the first base of data_search_path()
/// that has it. Throws tapegrad::Error naming every folder tried and the fetch command.
///
///     tg::data::datasets::MNIST train(tg::data::data_dir("mnist", args.data_dir));
std::string data_dir(const std::string& name, const std::string& root = "");

/// The shell command that fetches data set `name` (the folder name), for error messages:
/// `bash scripts/download-data.sh mnist`, or the apt-get line for fashion-mnist.
std::string fetch_command(const std::string& name);

namespace detail {
/// Throws tapegrad::Error "<where>: '<path>' not found; fetch it with ..." unless `path` is a
/// readable regular file. The data set is the name of the file's folder.
void require_file(const std::string& path, const char* where);
}  // namespace detail

}  // namespace tapegrad::data
