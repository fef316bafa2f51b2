#include <tapegrad/autograd/creation.hpp>
#include <tapegrad/autograd/grad_mode.hpp>
#include <tapegrad/optim/lbfgs.hpp>

#include <algorithm>
#include <cmath>

#include "option_checks.hpp"

namespace tapegrad {
namespace optim {

namespace {

using Vec = std::vector<double>;

double dot(const Vec& a, const Vec& b) {
  double s = 0;
  for (std::size_t i = 0; i < a.size(); ++i) s += a[i] * b[i];
  return s;
}

double max_abs(const Vec& a) {
  double m = 0;
  for (double v : a) m = std::max(m, std::abs(v));
  return m;
}

// The minimiser of the cubic through (x1, f1) and (x2, f2) with slopes g1, g2, clamped to the
// bounds (default: between the two points); the middle of the bounds when the cubic has none.
double cubic_interpolate(double x1, double f1, double g1, double x2, double f2, double g2,
                         std::optional<std::pair<double, double>> bounds = std::nullopt) {
  const auto [lo, hi] = bounds ? *bounds : std::pair<double, double>(std::min(x1, x2), std::max(x1, x2));
  const double d1 = g1 + g2 - 3 * (f1 - f2) / (x1 - x2);
  const double d2_square = d1 * d1 - g1 * g2;
  if (d2_square < 0) return (lo + hi) / 2;
  const double d2 = std::sqrt(d2_square);
  const double min_pos = x1 <= x2 ? x2 - (x2 - x1) * ((g2 + d2 - d1) / (g2 - g1 + 2 * d2))
                                  : x1 - (x1 - x2) * ((g1 + d2 - d1) / (g1 - g2 + 2 * d2));
  return std::min(std::max(min_pos, lo), hi);
}

struct LineSearchResult {
  double f;
  Vec g;
  double t;
  std::int64_t evals;
};

// A step length t along d satisfying the strong Wolfe conditions (sufficient decrease c1, curvature
// c2): bracket a step, then zoom in by cubic interpolation (Nocedal & Wright, algorithms 3.5/3.6).
template <typename Objective>
LineSearchResult strong_wolfe(Objective&& obj, double t, const Vec& d, double f, const Vec& g, double gtd,
                              double c1 = 1e-4, double c2 = 0.9, double tolerance_change = 1e-9, int max_ls = 25) {
  const double d_norm = max_abs(d);
  auto [f_new, g_new] = obj(t);
  std::int64_t evals = 1;
  double gtd_new = dot(g_new, d);
  double t_prev = 0, f_prev = f, gtd_prev = gtd;
  Vec g_prev = g;
  bool done = false;
  int ls_iter = 0;
  std::vector<double> bt, bf, bgtd;  // bracket: steps, losses, directional derivatives
  std::vector<Vec> bg;
  while (ls_iter < max_ls) {
    if (f_new > f + c1 * t * gtd || (ls_iter > 1 && f_new >= f_prev)) {
      bt = {t_prev, t}, bf = {f_prev, f_new}, bg = {g_prev, g_new}, bgtd = {gtd_prev, gtd_new};
      break;
    }
    if (std::abs(gtd_new) <= -c2 * gtd) {
      bt = {t}, bf = {f_new}, bg = {g_new}, bgtd = {gtd_new};
      done = true;
      break;
    }
    if (gtd_new >= 0) {
      bt = {t_prev, t}, bf = {f_prev, f_new}, bg = {g_prev, g_new}, bgtd = {gtd_prev, gtd_new};
      break;
    }
    const double min_step = t + 0.01 * (t - t_prev), max_step = t * 10, previous = t;
    t = cubic_interpolate(t_prev, f_prev, gtd_prev, t, f_new, gtd_new, std::make_pair(min_step, max_step));
    t_prev = previous, f_prev = f_new, g_prev = g_new, gtd_prev = gtd_new;
    std::tie(f_new, g_new) = obj(t);
    ++evals;
    gtd_new = dot(g_new, d);
    ++ls_iter;
  }
  if (ls_iter == max_ls) bt = {0, t}, bf = {f, f_new}, bg = {g, g_new}, bgtd = {gtd, gtd_new};

  bool insufficient_progress = false;
  std::size_t low = bf[0] <= bf.back() ? 0 : 1, high = 1 - low;
  while (!done && ls_iter < max_ls) {
    if (std::abs(bt[1] - bt[0]) * d_norm < tolerance_change) break;
    t = cubic_interpolate(bt[0], bf[0], bgtd[0], bt[1], bf[1], bgtd[1]);
    // Keep t away from the bracket's ends: a step too close to one makes no progress.
    const double b_max = std::max(bt[0], bt[1]), b_min = std::min(bt[0], bt[1]), eps = 0.1 * (b_max - b_min);
    if (std::min(b_max - t, t - b_min) < eps) {
      if (insufficient_progress || t >= b_max || t <= b_min) {
        t = std::abs(t - b_max) < std::abs(t - b_min) ? b_max - eps : b_min + eps;
        insufficient_progress = false;
      } else {
        insufficient_progress = true;
      }
    } else {
      insufficient_progress = false;
    }
    std::tie(f_new, g_new) = obj(t);
    ++evals;
    gtd_new = dot(g_new, d);
    ++ls_iter;
    if (f_new > f + c1 * t * gtd || f_new >= bf[low]) {
      bt[high] = t, bf[high] = f_new, bg[high] = g_new, bgtd[high] = gtd_new;
      low = bf[0] <= bf[1] ? 0 : 1, high = 1 - low;
    } else {
      if (std::abs(gtd_new) <= -c2 * gtd) {
        done = true;
      } else if (gtd_new * (bt[high] - bt[low]) >= 0) {
        bt[high] = bt[low], bf[high] = bf[low], bg[high] = bg[low], bgtd[high] = bgtd[low];
      }
      bt[low] = t, bf[low] = f_new, bg[low] = g_new, bgtd[low] = gtd_new;
    }
  }
  if (bt.size() == 1) low = 0;
  return {bf[low], bg[low], bt[low], evals};
}

}  // namespace

void LBFGSOptions::check(const char* optimizer) const {
  detail::check_non_negative(
      optimizer,
      {{"learning rate", lr()}, {"tolerance_grad", tolerance_grad_}, {"tolerance_change", tolerance_change_}});
  TG_CHECK(max_iter_ >= 1, optimizer, "max_iter must be >= 1, got ", max_iter_);
  TG_CHECK(!max_eval_ || *max_eval_ >= 1, optimizer, "max_eval must be >= 1, got ", max_eval_.value_or(0));
  TG_CHECK(history_size_ >= 1, optimizer, "history_size must be >= 1, got ", history_size_);
  TG_CHECK(!line_search_fn_ || *line_search_fn_ == "strong_wolfe", optimizer,
           "only 'strong_wolfe' is supported as line_search_fn, got '", line_search_fn_.value_or(""), "'");
}

LBFGS::LBFGS(std::vector<Tensor> params, LBFGSOptions defaults)
    : OptimizerWith("LBFGS", std::move(params), std::move(defaults)) {}

std::vector<std::string> LBFGS::state_names(const OptimizerOptions&) const { return {}; }

void LBFGS::step() {
  ::tapegrad::detail::fail("LBFGS",
                           "step() needs a closure that re-evaluates the loss: step([&] { ...; return loss; })");
}

LBFGS::Vec LBFGS::gather_flat_grad() const {
  Vec flat;
  for (const auto& p : param_groups().front().params()) {
    const Tensor g = p.grad();
    if (!g.defined()) {
      flat.insert(flat.end(), static_cast<std::size_t>(p.numel()), 0.0);
    } else {
      const auto v = g.to_vector<double>();
      flat.insert(flat.end(), v.begin(), v.end());
    }
  }
  return flat;
}

LBFGS::Vec LBFGS::flat_params() const {
  Vec flat;
  for (const auto& p : param_groups().front().params()) {
    const auto v = p.to_vector<double>();
    flat.insert(flat.end(), v.begin(), v.end());
  }
  return flat;
}

void LBFGS::set_flat_params(const Vec& x) {
  NoGradGuard no_grad;
  std::size_t offset = 0;
  for (auto& p : param_groups().front().params()) {
    const auto n = static_cast<std::size_t>(p.numel());
    Vec slice(x.begin() + offset, x.begin() + offset + n);
    p.copy_(from_vector(slice, p.shape(), p.dtype()));
    offset += n;
  }
}

std::pair<double, LBFGS::Vec> LBFGS::directional_evaluate(const LossClosure& closure, const Vec& x, double t,
                                                          const Vec& d) {
  Vec moved(x.size());
  for (std::size_t i = 0; i < x.size(); ++i) moved[i] = x[i] + t * d[i];
  set_flat_params(moved);
  double loss;
  {
    AutoGradMode enable(true);
    loss = closure().item<double>();
  }
  Vec g = gather_flat_grad();
  set_flat_params(x);
  return {loss, std::move(g)};
}

Tensor LBFGS::step(const LossClosure& closure) {
  TG_CHECK(param_groups().size() == 1, "LBFGS", "supports one parameter group only, got ", param_groups().size());
  const auto& o = static_cast<const LBFGSOptions&>(param_groups().front().options());
  const std::int64_t max_eval = o.max_eval().value_or(o.max_iter() * 5 / 4);

  Tensor orig_loss = closure();
  double loss = orig_loss.item<double>();
  std::int64_t current_evals = 1;
  ++func_evals_;
  Vec g = gather_flat_grad();
  if (max_abs(g) <= o.tolerance_grad()) return orig_loss;

  std::int64_t n_iter = 0;
  while (n_iter < o.max_iter()) {
    ++n_iter, ++n_iter_;
    if (n_iter_ == 1) {
      d_.resize(g.size());
      for (std::size_t i = 0; i < g.size(); ++i) d_[i] = -g[i];
      old_dirs_.clear(), old_stps_.clear(), ro_.clear();
      h_diag_ = 1;
    } else {
      // Curvature pair of the last step: y = change of gradient, s = the step taken.
      Vec y(g.size()), s(g.size());
      for (std::size_t i = 0; i < g.size(); ++i) y[i] = g[i] - prev_flat_grad_[i], s[i] = d_[i] * t_;
      const double ys = dot(y, s);
      if (ys > 1e-10) {  // only pairs of positive curvature keep the inverse Hessian positive definite
        if (static_cast<std::int64_t>(old_dirs_.size()) == o.history_size())
          old_dirs_.pop_front(), old_stps_.pop_front(), ro_.pop_front();
        old_dirs_.push_back(y), old_stps_.push_back(s), ro_.push_back(1.0 / ys);
        h_diag_ = ys / dot(y, y);
      }
      // Two-loop recursion: d = -H g with H the L-BFGS inverse-Hessian estimate.
      const std::size_t k = old_dirs_.size();
      std::vector<double> al(k);
      Vec q(g.size());
      for (std::size_t i = 0; i < g.size(); ++i) q[i] = -g[i];
      for (std::size_t i = k; i-- > 0;) {
        al[i] = dot(old_stps_[i], q) * ro_[i];
        for (std::size_t j = 0; j < q.size(); ++j) q[j] -= al[i] * old_dirs_[i][j];
      }
      for (double& v : q) v *= h_diag_;
      for (std::size_t i = 0; i < k; ++i) {
        const double be = dot(old_dirs_[i], q) * ro_[i];
        for (std::size_t j = 0; j < q.size(); ++j) q[j] += old_stps_[i][j] * (al[i] - be);
      }
      d_ = std::move(q);
    }
    prev_flat_grad_ = g;
    prev_loss_ = loss;
    if (n_iter_ == 1) {
      double l1 = 0;
      for (double v : g) l1 += std::abs(v);
      t_ = std::min(1.0, 1.0 / l1) * o.lr();
    } else {
      t_ = o.lr();
    }
    const double gtd = dot(g, d_);
    if (gtd > -o.tolerance_change()) break;  // not a descent direction

    std::int64_t ls_evals = 0;
    bool opt_cond = false;
    if (o.line_search_fn()) {
      const Vec x = flat_params();
      auto obj = [&](double t) { return directional_evaluate(closure, x, t, d_); };
      auto result = strong_wolfe(obj, t_, d_, loss, g, gtd);
      loss = result.f, g = std::move(result.g), t_ = result.t, ls_evals = result.evals;
      Vec moved(x.size());
      for (std::size_t i = 0; i < x.size(); ++i) moved[i] = x[i] + t_ * d_[i];
      set_flat_params(moved);
      opt_cond = max_abs(g) <= o.tolerance_grad();
    } else {
      Vec x = flat_params();
      for (std::size_t i = 0; i < x.size(); ++i) x[i] += t_ * d_[i];
      set_flat_params(x);
      if (n_iter != o.max_iter()) {
        AutoGradMode enable(true);
        loss = closure().item<double>();
        g = gather_flat_grad();
        opt_cond = max_abs(g) <= o.tolerance_grad();
        ls_evals = 1;
      }
    }
    current_evals += ls_evals;
    func_evals_ += ls_evals;

    if (n_iter == o.max_iter() || current_evals >= max_eval || opt_cond) break;
    if (max_abs(d_) * std::abs(t_) <= o.tolerance_change()) break;
    if (std::abs(loss - prev_loss_) < o.tolerance_change()) break;
  }
  return orig_loss;
}

}  // namespace optim
}  // namespace tapegrad
