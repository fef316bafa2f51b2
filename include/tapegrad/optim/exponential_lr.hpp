#pragma once
/// ExponentialLR: multiplies the learning rate by gamma every epoch.
///
///     tg::optim::ExponentialLR scheduler(opt, /*gamma=*/0.95);
#include <vector>

#include <tapegrad/optim/lr_scheduler.hpp>

namespace tapegrad {
namespace optim {

/// lr = lr * gamma at every step() (torch.optim.lr_scheduler.ExponentialLR).
class ExponentialLR : public LRScheduler {
 public:
  /// `gamma` >= 0 is the decay factor.
  ExponentialLR(Optimizer& optimizer, double gamma);

 protected:
  std::vector<double> get_lr() override;

 private:
  double gamma_;
};

}  // namespace optim
}  // namespace tapegrad
