#include <tapegrad/serialize/optimizer.hpp>

namespace tapegrad {

void save(const optim::Optimizer& optimizer, const std::string& path) {
  serialize::detail::save_named(optimizer.named_state(), path, "save");
}

void load(optim::Optimizer& optimizer, const std::string& path) {
  NamedTensors state = serialize::detail::load_named(path, "load");
  try {
    optimizer.load_named_state(state);
  } catch (const Error& error) {
    // The optimizer names the entry; add which file it came from.
    throw Error("load: '" + path + "': " + error.what());
  }
}

}  // namespace tapegrad
