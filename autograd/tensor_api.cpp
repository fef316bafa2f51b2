// LibTorch's Tensor API spellings that are not ops: item() as a Scalar, devices, grad_fn(),
// hooks, accessors, print(). Each is a thin layer over what Tensor already has.
#include <tapegrad/autograd/tensor.hpp>

#include <algorithm>
#include <atomic>
#include <iostream>

#include <tapegrad/autograd/node_impl.hpp>
#include <tapegrad/autograd/tensor_impl.hpp>

namespace tapegrad {

namespace {
const detail::TensorImpl& checked(const std::shared_ptr<detail::TensorImpl>& impl, const char* what) {
  TG_CHECK(impl != nullptr, what, "called on an undefined tensor");
  return *impl;
}
}  // namespace

// ---- devices -----------------------------------------------------------------------------

const char* device_type_name(DeviceType type) {
  switch (type) {
    case DeviceType::CPU:
      return "cpu";
    case DeviceType::CUDA:
      return "cuda";
    case DeviceType::MPS:
      return "mps";
    case DeviceType::Meta:
      return "meta";
  }
  return "unknown";
}

Device::Device(DeviceType type, std::int8_t index) : type_(type), index_(index) {
  TG_CHECK(index >= -1, "Device", "device index must be -1 (none) or non-negative, got ", static_cast<int>(index));
  TG_CHECK(type != DeviceType::CPU || index <= 0, "Device", "CPU device index must be -1 or zero, got ",
           static_cast<int>(index));
}

namespace {
Device parse_device(const std::string& text) {
  std::string name = text, number;
  if (auto colon = text.find(':'); colon != std::string::npos) {
    name = text.substr(0, colon);
    number = text.substr(colon + 1);
    TG_CHECK(!number.empty() && number.size() <= 3 && std::all_of(number.begin(), number.end(), ::isdigit), "Device",
             "invalid device string: '", text, "'");
  }
  for (DeviceType type : {DeviceType::CPU, DeviceType::CUDA, DeviceType::MPS, DeviceType::Meta})
    if (name == device_type_name(type)) {
      int index = number.empty() ? -1 : std::stoi(number);
      TG_CHECK(index <= 127, "Device", "device index ", index, " is too large");
      return Device(type, static_cast<std::int8_t>(index));
    }
  detail::fail("Device", "expected one of cpu, cuda, mps, meta device type at start of device string: '", text, "'");
}
}  // namespace

Device::Device(const std::string& description) : Device(parse_device(description)) {}

std::string Device::str() const {
  std::string s = device_type_name(type_);
  if (has_index()) s += ":" + std::to_string(static_cast<int>(index_));
  return s;
}

std::ostream& operator<<(std::ostream& out, const Device& device) { return out << device.str(); }
std::ostream& operator<<(std::ostream& out, DeviceType type) { return out << device_type_name(type); }

void detail::check_cpu(const Device& device, const char* op) {
  TG_CHECK(device.is_cpu(), op, "tapegrad runs on the CPU only; device '", device.str(),
           "' is not available (check tg::cuda::is_available(), which is false)");
}

Tensor Tensor::to(Device device) const {
  checked(impl_, "to");
  detail::check_cpu(device, "to");
  return *this;
}

Tensor Tensor::to(Device device, Dtype dtype) const {
  detail::check_cpu(device, "to");
  return to(dtype);
}

// ---- values --------------------------------------------------------------------------------

Scalar Tensor::item() const {
  if (dtype() == kInt64) return Scalar(item<std::int64_t>());
  return Scalar(item<double>());
}

std::string Tensor::toString() const {
  if (!defined()) return "UndefinedType";
  switch (dtype()) {
    case Dtype::Float32:
      return "CPUFloatType";
    case Dtype::Float64:
      return "CPUDoubleType";
    case Dtype::Int64:
      return "CPULongType";
    case Dtype::Bool:
      return "CPUBoolType";
    case Dtype::UInt8:
      return "CPUByteType";
    case Dtype::Int8:
      return "CPUCharType";
    case Dtype::Int16:
      return "CPUShortType";
    case Dtype::Int32:
      return "CPUIntType";
  }
  return "CPUType";
}

void Tensor::print() const {
  if (!defined())
    std::cerr << "[UndefinedTensor]" << std::endl;
  else
    std::cerr << "[" << toString() << " " << sizes() << "]" << std::endl;
}

void* Tensor::accessor_data(Dtype dtype, std::size_t rank, const std::int64_t*& sizes,
                            const std::int64_t*& strides) const {
  const auto& impl = checked(impl_, "accessor");
  TG_CHECK(impl.dtype == dtype, "accessor", "expected a ", dtype_name(dtype), " tensor, got ", dtype_name(impl.dtype));
  TG_CHECK(impl.shape.size() == rank, "accessor", "TensorAccessor expected ", rank, " dims but tensor has ",
           impl.shape.size());
  sizes = this->sizes().data();
  strides = this->strides().data();
  return data_ptr();
}

void detail::accessor_out_of_range(std::int64_t index, std::int64_t size) {
  fail("accessor", "index ", index, " is out of bounds for a dimension of size ", size);
}

// ---- autograd ------------------------------------------------------------------------------

std::string autograd::GradFn::name() const {
  TG_CHECK(node_ != nullptr, "grad_fn", "name() called on a null grad_fn (the tensor is a leaf)");
  return node_->name;
}

autograd::GradFn Tensor::grad_fn() const { return autograd::GradFn(checked(impl_, "grad_fn").grad_fn); }

Tensor& Tensor::detach_() {
  auto& impl = impl_ref();
  impl.grad_fn = nullptr;
  impl.requires_grad = false;
  impl.retains_grad = false;
  return *this;
}

namespace {
std::atomic<unsigned> next_hook_handle{0};
}

unsigned Tensor::add_hook(std::function<Tensor(const Tensor&)> hook) const {
  auto& impl = impl_ref();
  TG_CHECK(impl.requires_grad || impl.grad_fn, "register_hook",
           "cannot register a hook on a tensor that doesn't require gradient");
  unsigned handle = next_hook_handle.fetch_add(1);
  impl.hooks.emplace_back(handle, std::move(hook));
  return handle;
}

void Tensor::remove_hook(unsigned handle) const {
  auto& hooks = impl_ref().hooks;
  auto it = std::find_if(hooks.begin(), hooks.end(), [handle](const auto& entry) { return entry.first == handle; });
  TG_CHECK(it != hooks.end(), "remove_hook", "no hook with handle ", handle, " is registered on this tensor");
  hooks.erase(it);
}

}  // namespace tapegrad
