#include <tapegrad/optim/step_lr.hpp>

namespace tapegrad {
namespace optim {

StepLR::StepLR(Optimizer& optimizer, std::int64_t step_size, double gamma)
    : LRScheduler(optimizer), step_size_(step_size), gamma_(gamma) {
  TG_CHECK(step_size > 0, "StepLR", "step_size must be positive, got ", step_size);
  TG_CHECK(gamma >= 0, "StepLR", "gamma must be >= 0, got ", gamma);
}

std::vector<double> StepLR::get_lr() {
  std::vector<double> lrs = current_lrs();
  if (last_epoch() % step_size_ == 0)
    for (double& lr : lrs) lr *= gamma_;
  return lrs;
}

}  // namespace optim
}  // namespace tapegrad
