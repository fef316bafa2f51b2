#include <tapegrad/optim/step_lr.hpp>

namespace tapegrad {
namespace optim {

StepLR::StepLR(Optimizer& optimizer, std::int64_t step_size, double gamma)
    : LRScheduler(optimizer), step_size_(step_size), gamma_(gamma) {
  TG_CHECK(step_size > 0, "StepLR", "step_size must be positive, got ", step_size);
  TG_CHECK(gamma >= 0, "StepLR", "gamma must be >= 0, got ", gamma);
}

std::vector<double> StepLR::get_lr() {
  // As LibTorch 1.13's StepLR, whose get_lrs() sees the number of step() calls before this
  // one: the first step() only counts, and the decays come at calls step_size + 1,
  // 2 step_size + 1, ... (one call later than Python's torch.optim.lr_scheduler.StepLR).
  const std::int64_t previous_steps = last_epoch() - 1;
  std::vector<double> lrs = current_lrs();
  if (previous_steps > 0 && previous_steps % step_size_ == 0)
    for (double& lr : lrs) lr *= gamma_;
  return lrs;
}

}  // namespace optim
}  // namespace tapegrad
