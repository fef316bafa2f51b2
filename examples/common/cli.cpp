#include "cli.hpp"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <sstream>

extern "C" void openblas_set_num_threads(int num_threads);

namespace examples {

std::vector<std::int64_t> parse_layer_sizes(const std::string& flag, const std::string& text, std::int64_t inputs,
                                            std::int64_t outputs) {
  std::vector<std::int64_t> sizes;
  std::stringstream in(text);
  std::string item;
  while (std::getline(in, item, ',')) {
    char* end = nullptr;
    const long long v = std::strtoll(item.c_str(), &end, 10);
    if (item.empty() || *end != '\0' || v <= 0)
      throw UsageError(flag + ": '" + text + "' is not a list of positive sizes");
    sizes.push_back(v);
  }
  if (sizes.size() < 2 || sizes.front() != inputs || sizes.back() != outputs)
    throw UsageError(flag + ": '" + text + "' must start with " + std::to_string(inputs) + " and end with " +
                     std::to_string(outputs));
  return sizes;
}

CLI::Validator positive() {
  return CLI::Validator(
      [](std::string& text) -> std::string {
        char* end = nullptr;
        const double v = std::strtod(text.c_str(), &end);
        if (text.empty() || *end != '\0' || !(v > 0) || v == HUGE_VAL) return "'" + text + "' is not a positive number";
        return "";
      },
      "POSITIVE");
}

CLI::Validator at_least_one() {
  return CLI::Validator(
      [](std::string& text) -> std::string {
        char* end = nullptr;
        const long long v = std::strtoll(text.c_str(), &end, 10);
        if (text.empty() || *end != '\0' || v < 1) return "'" + text + "' is not an integer >= 1";
        return "";
      },
      "INT>=1");
}

Cli::Cli(const std::string& name, const std::string& description, CommonOptions defaults)
    : app(description, name), options(std::move(defaults)) {
  app.option_defaults()->always_capture_default();
  app.add_option("--epochs", options.epochs, "Training epochs (or iterations)")->check(at_least_one());
  app.add_option("--lr", options.lr, "Learning rate")->check(positive());
  app.add_option("--batch-size", options.batch_size, "Mini-batch size")->check(at_least_one());
  app.add_option("--optimizer", options.optimizer, "Optimizer");
  app.add_option("--seed", options.seed, "Random seed (same seed, same numbers)");
  app.add_option("--threads", options.threads, "BLAS threads (0: OpenBLAS's default)")->check(CLI::Range(0, 256));
  app.add_option("--data-dir", options.data_dir,
                 "Folder holding mnist/, cat/, digits/, ex4/ (default: $TAPEGRAD_DATA_DIR, the data search "
                 "path, then ../shared/data)");
  app.add_option("--out", options.out, "Folder for metrics.csv, summary.json and the PNG pictures");
}

int Cli::parse(int argc, char** argv) {
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    // CLI11's messages are one line already; its own exit codes (105-110) are replaced by the
    // usual 2 of a usage error.
    std::fprintf(stderr, "%s: error: %s (see --help)\n", app.get_name().c_str(), e.what());
    return 2;
  }
  set_threads(options.threads);
  return -1;
}

static nlohmann::json typed(const std::string& text) {
  if (text.empty()) return text;
  char* end = nullptr;
  const long long as_int = std::strtoll(text.c_str(), &end, 10);
  if (*end == '\0') return as_int;
  const double as_double = std::strtod(text.c_str(), &end);
  if (*end == '\0') return as_double;
  if (text == "true") return true;
  if (text == "false") return false;
  return text;
}

nlohmann::json Cli::settings() const {
  nlohmann::json out = nlohmann::json::object();
  for (const CLI::Option* option : app.get_options()) {
    std::string name = option->get_name(false, true);
    while (!name.empty() && name.front() == '-') name.erase(name.begin());
    if (const auto comma = name.find(','); comma != std::string::npos) name = name.substr(comma + 1);
    while (!name.empty() && name.front() == '-') name.erase(name.begin());
    if (name.empty() || name == "help") continue;
    if (option->get_type_size() == 0) {  // a flag
      out[name] = option->count() > 0;
      continue;
    }
    const std::string value = option->count() > 0 ? option->as<std::string>() : option->get_default_str();
    out[name] = typed(value);
  }
  return out;
}

void set_threads(int threads) {
  if (threads > 0) openblas_set_num_threads(threads);
}

}  // namespace examples
