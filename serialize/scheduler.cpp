#include <tapegrad/serialize/scheduler.hpp>

#include <tapegrad/serialize/tensors.hpp>

namespace tapegrad {

namespace {

template <typename Scheduler>
void load_into(Scheduler& scheduler, const std::string& path) {
  NamedTensors state = serialize::detail::load_named(path, "load");
  try {
    scheduler.load_named_state(state);
  } catch (const Error& error) {
    throw Error("load: '" + path + "': " + error.what());
  }
}

}  // namespace

void save(const optim::LRScheduler& scheduler, const std::string& path) {
  serialize::detail::save_named(scheduler.named_state(), path, "save");
}
void load(optim::LRScheduler& scheduler, const std::string& path) { load_into(scheduler, path); }
void save(const optim::ReduceLROnPlateau& scheduler, const std::string& path) {
  serialize::detail::save_named(scheduler.named_state(), path, "save");
}
void load(optim::ReduceLROnPlateau& scheduler, const std::string& path) { load_into(scheduler, path); }

}  // namespace tapegrad
