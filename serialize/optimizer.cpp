#include <tapegrad/serialize/optimizer.hpp>

#include <cmath>
#include <vector>

namespace tapegrad {
namespace {

bool ends_with(const std::string& text, const std::string& suffix) {
  return text.size() > suffix.size() && text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// Values a file can hold but no optimizer can have reached: refused here, with the entry's
// name, before load_named_state checks names, shapes and dtypes. (A NaN learning rate or a
// negative step count would otherwise load silently and poison every later step.)
void check_values(const NamedTensors& state, const std::string& where) {
  const char* w = where.c_str();
  for (const auto& [name, tensor] : state) {
    if (!tensor.defined() || tensor.dtype() == kInt64) continue;  // load_named_state reports those
    std::vector<double> values = tensor.to(kFloat64).to_vector<double>();
    bool is_lr = ends_with(name, ".lr") && name.find('.') == name.size() - 3;
    bool is_step = ends_with(name, ".step");
    // Running averages of squares are sums of squares: never negative.
    bool is_square = ends_with(name, ".exp_avg_sq") || ends_with(name, ".max_exp_avg_sq") ||
                     ends_with(name, ".square_avg") || ends_with(name, ".sum");
    for (std::size_t k = 0; k < values.size(); ++k) {
      double v = values[k];
      TG_CHECK(std::isfinite(v), w, "entry '", name, "' holds ", v, values.size() > 1 ? " at element " : "",
               values.size() > 1 ? std::to_string(k) : std::string(), ": optimizer state must be finite");
      if (is_lr) TG_CHECK(v >= 0, w, "entry '", name, "' is a negative learning rate, ", v);
      if (is_step)
        TG_CHECK(v >= 0 && v == std::floor(v) && v <= 9007199254740992.0, w, "entry '", name, "' is ", v,
                 ": a step count is a whole number >= 0");
      if (is_square)
        TG_CHECK(v >= 0, w, "entry '", name, "' holds ", v, " at element ", k,
                 ": it averages squares, so it cannot be negative");
    }
  }
}

}  // namespace

void save(const optim::Optimizer& optimizer, const std::string& path) {
  serialize::detail::save_named(optimizer.named_state(), path, "save");
}

void load(optim::Optimizer& optimizer, const std::string& path) {
  NamedTensors state = serialize::detail::load_named(path, "load");
  std::string where = "load: '" + path + "'";
  check_values(state, where);
  try {
    optimizer.load_named_state(state);
  } catch (const Error& error) {
    // The optimizer names the entry; add which file it came from.
    throw Error(where + ": " + error.what());
  }
}

}  // namespace tapegrad
