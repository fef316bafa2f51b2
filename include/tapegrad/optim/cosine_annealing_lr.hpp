#pragma once
/// CosineAnnealingLR: the learning rate follows a cosine from its initial value down to
/// eta_min over T_max epochs, then back up over the next T_max, and so on.
///
///     tg::optim::CosineAnnealingLR scheduler(opt, /*T_max=*/50, /*eta_min=*/1e-5);
#include <cstdint>
#include <vector>

#include <tapegrad/optim/lr_scheduler.hpp>

namespace tapegrad {
namespace optim {

/// torch.optim.lr_scheduler.CosineAnnealingLR, in its recursive form (so values match
/// PyTorch's to rounding): with base rate eta_max and epoch t,
///
///     eta_t = eta_min + (eta_t-1 - eta_min) * (1 + cos(pi t / T_max)) / (1 + cos(pi (t-1) / T_max))
///
/// except at t = (2k+1) T_max + 1, where eta_t = eta_t-1 + (eta_max - eta_min)(1 - cos(pi / T_max)) / 2.
/// Left alone, this is eta_min + (eta_max - eta_min)(1 + cos(pi t / T_max)) / 2.
class CosineAnnealingLR : public LRScheduler {
 public:
  /// `T_max` > 0 epochs per half period; `eta_min` >= 0 is the lowest rate.
  CosineAnnealingLR(Optimizer& optimizer, std::int64_t T_max, double eta_min = 0.0);

 protected:
  std::vector<double> get_lr() override;

 private:
  std::int64_t t_max_;
  double eta_min_;
};

}  // namespace optim
}  // namespace tapegrad
