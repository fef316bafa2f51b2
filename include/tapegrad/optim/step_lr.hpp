#pragma once
/// StepLR: multiplies the learning rate by gamma every step_size epochs.
///
///     tg::optim::StepLR scheduler(opt, /*step_size=*/30, /*gamma=*/0.1);  // 0.1, 0.01 at 30, ...
#include <cstdint>
#include <vector>

#include <tapegrad/optim/lr_scheduler.hpp>

namespace tapegrad {
namespace optim {

/// lr = lr * gamma at epochs step_size, 2 * step_size, ... (torch.optim.lr_scheduler.StepLR).
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
