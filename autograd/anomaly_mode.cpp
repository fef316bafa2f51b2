#include <tapegrad/autograd/anomaly_mode.hpp>

#include <atomic>

namespace tapegrad::autograd {

namespace {
std::atomic<bool> anomaly_enabled{false};
}

bool AnomalyMode::is_enabled() { return anomaly_enabled.load(std::memory_order_relaxed); }
void AnomalyMode::set_enabled(bool enabled) { anomaly_enabled.store(enabled, std::memory_order_relaxed); }

}  // namespace tapegrad::autograd
