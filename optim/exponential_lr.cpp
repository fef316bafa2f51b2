#include <tapegrad/optim/exponential_lr.hpp>

namespace tapegrad {
namespace optim {

ExponentialLR::ExponentialLR(Optimizer& optimizer, double gamma) : LRScheduler(optimizer), gamma_(gamma) {
  TG_CHECK(gamma >= 0, "ExponentialLR", "gamma must be >= 0, got ", gamma);
}

std::vector<double> ExponentialLR::get_lr() {
  std::vector<double> lrs = current_lrs();
  for (double& lr : lrs) lr *= gamma_;
  return lrs;
}

}  // namespace optim
}  // namespace tapegrad
