#pragma once
/// Devices, as c10::Device. tapegrad computes on the CPU only: a Device of another type can be
/// named (so `torch::cuda::is_available() ? torch::kCUDA : torch::kCPU` compiles), but moving a
/// tensor or module to it throws a tapegrad::Error.
///
///     tg::Device device(tg::cuda::is_available() ? tg::kCUDA : tg::kCPU);
///     tg::Tensor x = tg::randn({2, 3}).to(device);
#include <cstdint>
#include <ostream>
#include <string>

namespace tapegrad {

/// The kinds of device LibTorch names; only CPU has an implementation here.
enum class DeviceType : std::int8_t { CPU = 0, CUDA = 1, MPS = 13, Meta = 14 };
constexpr DeviceType kCPU = DeviceType::CPU;
constexpr DeviceType kCUDA = DeviceType::CUDA;
constexpr DeviceType kMPS = DeviceType::MPS;
constexpr DeviceType kMeta = DeviceType::Meta;

/// "cpu", "cuda", "mps" or "meta".
const char* device_type_name(DeviceType type);

/// A device type and an optional index (-1: none), as c10::Device.
class Device {
 public:
  Device(DeviceType type, std::int8_t index = -1);  // NOLINT: implicit, like c10::Device
  /// Parses "cpu", "cuda", "cuda:1", "mps", "meta"; throws a tapegrad::Error on anything else.
  Device(const std::string& description);                                // NOLINT: implicit, like c10::Device
  Device(const char* description) : Device(std::string(description)) {}  // NOLINT
  DeviceType type() const { return type_; }
  std::int8_t index() const { return index_; }
  bool has_index() const { return index_ != -1; }
  bool is_cpu() const { return type_ == DeviceType::CPU; }
  bool is_cuda() const { return type_ == DeviceType::CUDA; }
  /// "cpu", "cuda:0", as LibTorch prints it.
  std::string str() const;
  bool operator==(const Device& other) const { return type_ == other.type_ && index_ == other.index_; }
  bool operator!=(const Device& other) const { return !(*this == other); }

 private:
  DeviceType type_;
  std::int8_t index_;
};

std::ostream& operator<<(std::ostream& out, const Device& device);
std::ostream& operator<<(std::ostream& out, DeviceType type);

namespace detail {
/// Throws "`op`: tapegrad runs on the CPU only; device 'cuda:0' is not available" for a non-CPU device.
void check_cpu(const Device& device, const char* op);
}  // namespace detail

namespace cuda {
/// Always false: tapegrad has no CUDA backend.
inline bool is_available() { return false; }
/// Always 0.
inline std::int64_t device_count() { return 0; }
/// Always false.
inline bool cudnn_is_available() { return false; }
}  // namespace cuda

}  // namespace tapegrad
