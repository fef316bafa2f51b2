#pragma once
/// Scheduler state as named float64 tensors, so a checkpoint can hold it beside the optimizer's
/// (used by LRScheduler and ReduceLROnPlateau; see tg::save / tg::load).
#include <string>
#include <utility>
#include <vector>

#include <tapegrad/autograd/tensor.hpp>

namespace tapegrad::optim::detail {

using NamedState = std::vector<std::pair<std::string, Tensor>>;

/// A 0-d float64 tensor holding `value`.
Tensor scalar_state(double value);
/// A 1-D float64 tensor holding `values`.
Tensor vector_state(const std::vector<double>& values);

/// Reads entries by name from a loaded state, checking every one before anything is applied:
/// construct, read everything, call finish() (which rejects names that were not read), then
/// assign. Errors read "<where>: load_named_state: ...".
class StateReader {
 public:
  StateReader(const char* where, const NamedState& state) : where_(where), state_(state) {}
  double scalar(const std::string& name);
  /// `size` < 0 accepts any length.
  std::vector<double> vector(const std::string& name, std::int64_t size = -1);
  void finish() const;

 private:
  const Tensor& find(const std::string& name);
  const char* where_;
  const NamedState& state_;
  std::vector<std::string> read_;
};

}  // namespace tapegrad::optim::detail
