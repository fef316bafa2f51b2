#pragma once
/// Command-line options shared by every example (CLI11), and the exit-code convention: a bad
/// value prints one line and exits with code 2.
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace examples {

/// The options every example has. Each example sets its own defaults before parsing.
struct CommonOptions {
  int epochs = 10;
  double lr = 1e-3;
  int batch_size = 128;
  std::string optimizer = "adam";
  std::uint64_t seed = 0;
  int threads = 1;
  std::string data_dir;  ///< empty: TAPEGRAD_DATA_DIR, the data search path, then ../shared/data
  std::string out;       ///< empty: no files written
};

/// A bad option value found after parsing (an unparsable --arch, say): main() catches it and
/// exits with code 2 after one line, as for CLI11's own errors.
struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

/// A CLI11 app with the common options registered; add the example's own on `app`.
///
///     examples::Cli cli("mnist", "MLP on MNIST", defaults);
///     cli.app.add_option("--arch", arch, "layer sizes");
///     if (int code = cli.parse(argc, argv); code >= 0) return code;
class Cli {
 public:
  Cli(const std::string& name, const std::string& description, CommonOptions defaults);
  /// -1 to go on; otherwise the exit code (0 after --help, 2 after a bad value).
  int parse(int argc, char** argv);
  /// Every option's final value (given or default), numbers as numbers: summary.json's "settings".
  nlohmann::json settings() const;

  CLI::App app;
  CommonOptions options;
};

/// CLI11 checks with short messages: a number > 0 (`positive`), an integer >= 1 (`at_least_one`).
CLI::Validator positive();
CLI::Validator at_least_one();

/// A layer list such as "784,256,128,10" from the option `flag`: positive sizes, starting with
/// `inputs` and ending with `outputs` (the data's), else a UsageError naming the option.
std::vector<std::int64_t> parse_layer_sizes(const std::string& flag, const std::string& text, std::int64_t inputs,
                                            std::int64_t outputs);

/// Sets the BLAS thread count (--threads); 0 leaves OpenBLAS's default.
void set_threads(int threads);

/// Runs `body` and turns the exceptions every example can meet into the exit convention:
/// UsageError -> code 2, any other std::exception -> one line on stderr and code 1.
template <typename F>
int run_main(const char* name, F&& body) {
  try {
    return body();
  } catch (const UsageError& e) {
    std::fprintf(stderr, "%s: error: %s (see --help)\n", name, e.what());
    return 2;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "%s: %s\n", name, e.what());
    return 1;
  }
}

}  // namespace examples
