#include <tapegrad/nn/module.hpp>

#include <cxxabi.h>

#include <algorithm>
#include <cstdlib>
#include <iomanip>
#include <ostream>
#include <sstream>
#include <typeinfo>

#include <tapegrad/autograd/creation.hpp>
#include <tapegrad/autograd/error.hpp>
#include <tapegrad/autograd/grad_mode.hpp>
#include <tapegrad/autograd/tensor_impl.hpp>

namespace tapegrad::nn {

namespace {

std::string demangled_class_name(const std::type_info& type) {
  int status = 0;
  char* raw = abi::__cxa_demangle(type.name(), nullptr, nullptr, &status);
  std::string name = (status == 0 && raw != nullptr) ? raw : type.name();
  std::free(raw);
  // "tapegrad::nn::Linear" -> "Linear", "make_net()::Net" -> "Net"; template arguments kept.
  std::size_t end = name.find('<');
  std::size_t colon = name.rfind("::", end == std::string::npos ? std::string::npos : end);
  if (colon != std::string::npos) name = name.substr(colon + 2);
  // The Impl + holder convention: "LinearImpl" is the module a `Linear` holds.
  const std::string impl = "Impl";
  if (name.size() > impl.size() && name.compare(name.size() - impl.size(), impl.size(), impl) == 0) {
    name.resize(name.size() - impl.size());
  }
  return name;
}

template <typename Collect>
void walk(const Module& module, const std::string& prefix, bool recurse, const Collect& collect) {
  collect(module, prefix);
  if (!recurse) return;
  for (const auto& [child_name, child] : module.named_children()) {
    walk(*child, prefix + child_name + ".", recurse, collect);
  }
}

}  // namespace

void Module::check_new_name(const std::string& name, const char* kind) const {
  const std::string where = "Module " + this->name();
  TG_CHECK(!name.empty(), where.c_str(), kind, " name must not be empty");
  TG_CHECK(name.find('.') == std::string::npos, where.c_str(), kind, " name '", name, "' must not contain '.'");
  auto same = [&](const auto& entry) { return entry.first == name; };
  bool taken = std::any_of(parameters_.begin(), parameters_.end(), same) ||
               std::any_of(buffers_.begin(), buffers_.end(), same) ||
               std::any_of(children_.begin(), children_.end(), same);
  TG_CHECK(!taken, where.c_str(), kind, " name '", name, "' is already registered");
}

Tensor& Module::register_parameter(const std::string& name, Tensor tensor, bool requires_grad) {
  check_new_name(name, "parameter");
  const std::string where = "Module " + this->name();
  TG_CHECK(tensor.defined(), where.c_str(), "parameter '", name, "' is an undefined tensor");
  TG_CHECK(!requires_grad || tensor.is_floating_point(), where.c_str(), "parameter '", name,
           "' must be float32 or float64 to require grad, got ", dtype_name(tensor.dtype()));
  if (!tensor.is_leaf()) tensor = tensor.detach();
  tensor.requires_grad_(requires_grad);
  parameters_.emplace_back(name, std::move(tensor));
  return parameters_.back().second;
}

Tensor& Module::register_buffer(const std::string& name, Tensor tensor) {
  check_new_name(name, "buffer");
  const std::string where = "Module " + this->name();
  TG_CHECK(tensor.defined(), where.c_str(), "buffer '", name, "' is an undefined tensor");
  buffers_.emplace_back(name, tensor.detach());
  return buffers_.back().second;
}

void Module::register_child(const std::string& name, std::shared_ptr<Module> module) {
  check_new_name(name, "module");
  const std::string where = "Module " + this->name();
  TG_CHECK(module != nullptr, where.c_str(), "module '", name, "' is a null pointer");
  TG_CHECK(module.get() != this, where.c_str(), "module '", name, "' cannot be registered in itself");
  children_.emplace_back(name, std::move(module));
}

OrderedDict<std::string, Tensor> Module::named_parameters(bool recurse) const {
  OrderedDict<std::string, Tensor> result("Parameter");
  walk(*this, "", recurse, [&](const Module& m, const std::string& prefix) {
    for (const auto& [name, p] : m.parameters_) result.insert(prefix + name, p);
  });
  return result;
}

std::vector<Tensor> Module::parameters(bool recurse) const { return named_parameters(recurse).values(); }

OrderedDict<std::string, Tensor> Module::named_buffers(bool recurse) const {
  OrderedDict<std::string, Tensor> result("Buffer");
  walk(*this, "", recurse, [&](const Module& m, const std::string& prefix) {
    for (const auto& [name, b] : m.buffers_) result.insert(prefix + name, b);
  });
  return result;
}

std::vector<Tensor> Module::buffers(bool recurse) const { return named_buffers(recurse).values(); }

std::vector<std::shared_ptr<Module>> Module::children() const {
  std::vector<std::shared_ptr<Module>> result;
  for (const auto& entry : children_) result.push_back(entry.second);
  return result;
}

OrderedDict<std::string, std::shared_ptr<Module>> Module::named_children() const {
  OrderedDict<std::string, std::shared_ptr<Module>> result("Module");
  for (const auto& [name, child] : children_) result.insert(name, child);
  return result;
}

namespace {

std::string join_name(const std::string& prefix, const std::string& name) {
  return prefix.empty() ? name : prefix + "." + name;
}

}  // namespace

std::shared_ptr<Module> Module::shared_from_this_checked(const char* what) const {
  std::shared_ptr<const Module> self = weak_from_this().lock();
  TG_CHECK(self != nullptr, ("Module " + name()).c_str(), what,
           " needs this module to be owned by a std::shared_ptr (a module holder or std::make_shared), but it is "
           "not: call it through the holder, or use include_self = false");
  return std::const_pointer_cast<Module>(self);
}

void Module::apply_to_submodules(const NamedModulePointerApplyFunction& function,
                                 const std::string& name_prefix) const {
  for (const auto& [name, child] : children_) {
    const std::string qualified = join_name(name_prefix, name);
    function(qualified, child);
    child->apply_to_submodules(function, qualified);
  }
}

std::vector<std::shared_ptr<Module>> Module::modules(bool include_self) const {
  return named_modules("", include_self).values();
}

OrderedDict<std::string, std::shared_ptr<Module>> Module::named_modules(const std::string& name_prefix,
                                                                        bool include_self) const {
  OrderedDict<std::string, std::shared_ptr<Module>> result("Module");
  if (include_self) result.insert(name_prefix, shared_from_this_checked("modules(include_self = true)"));
  apply_to_submodules([&](const std::string& key, const std::shared_ptr<Module>& m) { result.insert(key, m); },
                      name_prefix);
  return result;
}

void Module::apply(const ModuleApplyFunction& function) {
  function(*this);
  apply_to_submodules([&](const std::string&, const std::shared_ptr<Module>& m) { function(*m); }, "");
}

void Module::apply(const ConstModuleApplyFunction& function) const {
  function(*this);
  apply_to_submodules([&](const std::string&, const std::shared_ptr<Module>& m) { function(*m); }, "");
}

void Module::apply(const NamedModuleApplyFunction& function, const std::string& name_prefix) {
  function(name_prefix, *this);
  apply_to_submodules([&](const std::string& key, const std::shared_ptr<Module>& m) { function(key, *m); },
                      name_prefix);
}

void Module::apply(const ConstNamedModuleApplyFunction& function, const std::string& name_prefix) const {
  function(name_prefix, *this);
  apply_to_submodules([&](const std::string& key, const std::shared_ptr<Module>& m) { function(key, *m); },
                      name_prefix);
}

void Module::apply(const ModulePointerApplyFunction& function) const {
  function(shared_from_this_checked("apply(std::function<void(const std::shared_ptr<Module>&)>)"));
  apply_to_submodules([&](const std::string&, const std::shared_ptr<Module>& m) { function(m); }, "");
}

void Module::apply(const NamedModulePointerApplyFunction& function, const std::string& name_prefix) const {
  function(name_prefix,
           shared_from_this_checked("apply(std::function<void(const std::string&, const std::shared_ptr<Module>&)>)"));
  apply_to_submodules(function, name_prefix);
}

namespace {

// Makes `target` hold its own values as `dtype`, keeping the handle (and so every other handle
// to the same tensor, e.g. an optimizer's): LibTorch's set_data.
void convert_in_place(Tensor target, Dtype dtype) {
  if (target.dtype() == dtype) return;
  Tensor converted = target.detach().to(dtype);
  const auto& from = *converted.impl();
  auto& to = *target.impl();
  to.storage = from.storage;
  to.dtype = from.dtype;
  to.set_geometry(from.shape, from.strides, from.offset);
  to.grad = Tensor();
}

}  // namespace

void Module::to(Dtype dtype, bool /*non_blocking*/) {
  NoGradGuard no_grad;
  const auto parameters = named_parameters();
  // Check first: a half-converted model would fail later, far from the cause.
  for (const auto& [key, p] : parameters) {
    TG_CHECK(!p.requires_grad() || is_floating_point(dtype), ("Module " + name()).c_str(), "to(", dtype_name(dtype),
             "): parameter '", key, "' requires grad and so must stay float32 or float64");
  }
  for (const auto& item : parameters) convert_in_place(item.value(), dtype);
  for (const auto& item : named_buffers()) convert_in_place(item.value(), dtype);
}

void Module::to(Device device, bool /*non_blocking*/) { detail::check_cpu(device, "Module::to"); }

void Module::to(Device device, Dtype dtype, bool non_blocking) {
  to(device, non_blocking);
  to(dtype, non_blocking);
}

void Module::train(bool on) {
  training_ = on;
  for (auto& entry : children_) entry.second->train(on);
}

void Module::eval() { train(false); }

bool Module::is_training() const { return training_; }

void Module::zero_grad(bool set_to_none) {
  NoGradGuard no_grad;
  for (auto& p : parameters()) {
    if (set_to_none) {
      p.mutable_grad() = Tensor();
    } else if (p.grad().defined()) {
      p.mutable_grad().zero_();
    }
  }
}

std::shared_ptr<Module> Module::clone() const {
  detail::fail(name().c_str(), "clone() is not implemented for this module: derive it from tapegrad::nn::Cloneable<",
               name(), "> instead of Module and register its parameters and sub-modules in reset()");
}

void Module::clear_registrations() {
  parameters_.clear();
  buffers_.clear();
  children_.clear();
}

namespace {

// Makes `target` (a handle other members may share) hold a copy of `source`'s values, dtype
// and shape: LibTorch's set_data on the fresh parameter.
void assign_copy(Tensor& target, const Tensor& source) {
  Tensor copy = source.detach().clone();
  const auto& from = *copy.impl();
  auto& to = *target.impl();
  to.storage = from.storage;
  to.dtype = from.dtype;
  to.set_geometry(from.shape, from.strides, from.offset);
  to.grad = Tensor();
  to.requires_grad = source.requires_grad();
}

template <typename Entries>
auto& entry_named(Entries& entries, const std::string& name, const std::string& module, const char* kind) {
  for (auto& entry : entries) {
    if (entry.first == name) return entry.second;
  }
  detail::fail("clone", module, "::reset() did not register the ", kind, " '", name, "' the original has");
}

}  // namespace

void Module::copy_state_from(const Module& original) {
  NoGradGuard no_grad;
  for (const auto& [name, p] : original.parameters_)
    assign_copy(entry_named(parameters_, name, this->name(), "parameter"), p);
  for (const auto& [name, b] : original.buffers_) assign_copy(entry_named(buffers_, name, this->name(), "buffer"), b);
  for (const auto& [name, child] : original.children_) {
    entry_named(children_, name, this->name(), "sub-module")->replace_with_clone_of(*child);
  }
}

void Module::replace_with_clone_of(const Module& other) { other.clone(); }

std::string Module::name() const { return demangled_class_name(typeid(*this)); }

std::string Module::extra_repr() const { return ""; }

std::int64_t parameter_count(const Module& module) {
  std::int64_t total = 0;
  for (const auto& p : module.parameters()) total += p.numel();
  return total;
}

namespace {

void print_tree(std::ostream& out, const Module& module, const std::string& indent) {
  out << module.name() << "(";
  const auto children = module.named_children();
  const std::string extra = module.extra_repr();
  if (children.empty()) {
    out << extra << ")";
    return;
  }
  out << "\n";
  if (!extra.empty()) out << indent << "  " << extra << "\n";
  for (const auto& [name, child] : children) {
    out << indent << "  (" << name << "): ";
    print_tree(out, *child, indent + "  ");
    out << "\n";
  }
  out << indent << ")";
}

}  // namespace

std::ostream& operator<<(std::ostream& out, const Module& module) {
  print_tree(out, module, "");
  out << "\n";
  const auto named = module.named_parameters();
  std::size_t name_width = 0;
  std::size_t shape_width = 0;
  for (const auto& [name, p] : named) {
    name_width = std::max(name_width, name.size());
    shape_width = std::max(shape_width, shape_to_string(p.shape()).size());
  }
  std::int64_t total = 0;
  std::int64_t trainable = 0;
  for (const auto& [name, p] : named) {
    out << std::left << std::setw(static_cast<int>(name_width)) << name << "  "
        << std::setw(static_cast<int>(shape_width)) << shape_to_string(p.shape()) << "  " << std::right << p.numel()
        << "\n";
    total += p.numel();
    if (p.requires_grad()) trainable += p.numel();
  }
  out << "Total parameters: " << total;
  if (trainable != total) out << " (trainable: " << trainable << ")";
  return out << "\n";
}

}  // namespace tapegrad::nn
