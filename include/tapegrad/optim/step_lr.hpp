#pragma once
/// StepLR: multiplies the learning rate by gamma every step_size epochs, counted as LibTorch
/// 1.13 counts them (one step() later than Python's StepLR).
///
///     tg::optim::StepLR scheduler(opt, /*step_size=*/30, /*gamma=*/0.1);
///     // lr 0.1 after steps 1..30, 0.01 after steps 31..60, ...
#include <cstdint>
#include <vector>

#include <tapegrad/optim/lr_scheduler.hpp>

namespace tapegrad {
namespace optim {

/// lr = lr * gamma at the step() calls step_size + 1, 2 * step_size + 1, ...: LibTorch's
/// torch::optim::StepLR, whose first step() only counts. Python's
/// torch.optim.lr_scheduler.StepLR decays one call earlier (at step_size, 2 * step_size, ...).
class StepLR : public LRScheduler {
 public:
  /// `step_size` > 0 epochs between decays; `gamma` >= 0 is the decay factor.
  StepLR(Optimizer& optimizer, std::int64_t step_size, double gamma = 0.1);

 protected:
  std::vector<double> get_lr() override;

 private:
  std::int64_t step_size_;
  double gamma_;
};

}  // namespace optim
}  // namespace tapegrad
