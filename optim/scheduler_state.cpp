#include <tapegrad/optim/scheduler_state.hpp>

#include <algorithm>

#include <tapegrad/autograd/creation.hpp>

namespace tapegrad::optim::detail {

Tensor scalar_state(double value) { return scalar_tensor(value, kFloat64); }

Tensor vector_state(const std::vector<double>& values) { return tensor(values, kFloat64); }

const Tensor& StateReader::find(const std::string& name) {
  auto it = std::find_if(state_.begin(), state_.end(), [&](const auto& entry) { return entry.first == name; });
  TG_CHECK(it != state_.end(), where_, "load_named_state: missing entry '", name, "'");
  TG_CHECK(it->second.defined() && it->second.dtype() == kFloat64, where_, "load_named_state: entry '", name,
           "' must be a float64 tensor");
  read_.push_back(name);
  return it->second;
}

double StateReader::scalar(const std::string& name) {
  const Tensor& t = find(name);
  TG_CHECK(t.numel() == 1, where_, "load_named_state: entry '", name, "' must hold one value, got shape ",
           shape_to_string(t.shape()));
  return t.item<double>();
}

std::vector<double> StateReader::vector(const std::string& name, std::int64_t size) {
  const Tensor& t = find(name);
  TG_CHECK(t.dim() == 1 && (size < 0 || t.numel() == size), where_, "load_named_state: entry '", name, "' has shape ",
           shape_to_string(t.shape()), ", expected [", size < 0 ? std::string("n") : std::to_string(size), "]");
  return t.to_vector<double>();
}

void StateReader::finish() const {
  for (const auto& [name, value] : state_)
    TG_CHECK(std::find(read_.begin(), read_.end(), name) != read_.end(), where_, "load_named_state: unexpected entry '",
             name, "'");
}

}  // namespace tapegrad::optim::detail
