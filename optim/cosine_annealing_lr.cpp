#include <cmath>
#include <tapegrad/optim/cosine_annealing_lr.hpp>

namespace tapegrad {
namespace optim {

namespace {
constexpr double kPi = 3.141592653589793238462643383279502884;
}

CosineAnnealingLR::CosineAnnealingLR(Optimizer& optimizer, std::int64_t T_max, double eta_min)
    : LRScheduler(optimizer), t_max_(T_max), eta_min_(eta_min) {
  TG_CHECK(T_max > 0, "CosineAnnealingLR", "T_max must be positive, got ", T_max);
  TG_CHECK(eta_min >= 0, "CosineAnnealingLR", "eta_min must be >= 0, got ", eta_min);
}

std::vector<double> CosineAnnealingLR::get_lr() {
  std::vector<double> lrs = current_lrs();
  const std::int64_t t = last_epoch();
  const double t_max = static_cast<double>(t_max_);
  const bool restart = (t - 1 - t_max_) % (2 * t_max_) == 0;
  for (std::size_t g = 0; g < lrs.size(); ++g) {
    if (restart) {
      lrs[g] += (base_lrs()[g] - eta_min_) * (1 - std::cos(kPi / t_max)) / 2;
    } else {
      lrs[g] = (1 + std::cos(kPi * static_cast<double>(t) / t_max)) /
                   (1 + std::cos(kPi * static_cast<double>(t - 1) / t_max)) * (lrs[g] - eta_min_) +
               eta_min_;
    }
  }
  return lrs;
}

}  // namespace optim
}  // namespace tapegrad
