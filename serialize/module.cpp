#include <tapegrad/serialize/module.hpp>

#include <map>
#include <sstream>

#include <tapegrad/autograd/grad_mode.hpp>

namespace tapegrad {
namespace {

NamedTensors state_of(const nn::Module& module) {
  NamedTensors state = module.named_parameters().pairs();
  for (const auto& buffer : module.named_buffers()) state.push_back(buffer.pair());
  return state;
}

}  // namespace

void save(const nn::Module& module, const std::string& path) {
  serialize::detail::save_named(state_of(module), path, "save");
}

void load(nn::Module& module, const std::string& path) {
  NamedTensors target = state_of(module);
  NamedTensors loaded = serialize::detail::load_named(path, "load");

  // Check everything first and report every mismatch at once: a half-loaded model would
  // train on silently wrong weights.
  std::map<std::string, const Tensor*> from_file;
  for (const auto& [name, tensor] : loaded) from_file.emplace(name, &tensor);
  std::ostringstream problems;
  int count = 0;
  auto problem = [&]() -> std::ostream& { return problems << (count++ ? "; " : ""); };
  for (const auto& [name, tensor] : target) {
    auto it = from_file.find(name);
    if (it == from_file.end()) {
      problem() << "missing '" << name << "'";
      continue;
    }
    const Tensor& stored = *it->second;
    if (stored.shape() != tensor.shape())
      problem() << "'" << name << "' has shape " << shape_to_string(stored.shape()) << " in the file but "
                << shape_to_string(tensor.shape()) << " in the module";
    if (stored.dtype() != tensor.dtype())
      problem() << "'" << name << "' is " << dtype_name(stored.dtype()) << " in the file but "
                << dtype_name(tensor.dtype()) << " in the module";
    from_file.erase(it);
  }
  for (const auto& [name, tensor] : loaded)
    if (from_file.count(name)) problem() << "unexpected '" << name << "'";
  TG_CHECK(count == 0, "load", "'", path, "' does not match the module (", count, count == 1 ? " problem" : " problems",
           "): ", problems.str());

  std::map<std::string, const Tensor*> by_name;
  for (const auto& [name, tensor] : loaded) by_name.emplace(name, &tensor);
  NoGradGuard no_grad;  // the module's own tensors, updated in place and not recorded
  for (auto& [name, tensor] : target) tensor.copy_(*by_name.at(name));
}

}  // namespace tapegrad
