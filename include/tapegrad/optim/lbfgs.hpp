#pragma once
/// L-BFGS as torch::optim::LBFGS: a quasi-Newton method on all parameters flattened into one
/// vector, driven by a closure that re-evaluates the loss, with an optional strong-Wolfe line
/// search.
///
///     tg::optim::LBFGS opt(net->parameters(), tg::optim::LBFGSOptions(1).line_search_fn("strong_wolfe"));
///     auto closure = [&] { opt.zero_grad(); auto loss = cost(net); loss.backward(); return loss; };
///     for (int i = 0; i < 50; ++i) opt.step(closure);
#include <cstdint>
#include <deque>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <tapegrad/optim/optimizer.hpp>

namespace tapegrad {
namespace optim {

/// L-BFGS's options, chainable as LibTorch's LBFGSOptions:
/// `LBFGSOptions(1).max_iter(20).history_size(10).line_search_fn("strong_wolfe")`.
class LBFGSOptions : public detail::ChainableOptions<LBFGSOptions> {
 public:
  /// Learning rate (default 1): the initial step length of each line search.
  explicit LBFGSOptions(double lr = 1) : ChainableOptions(lr) {}
  /// Iterations per step() (default 20).
  LBFGSOptions& max_iter(std::int64_t value) { return set(max_iter_, value); }
  std::int64_t max_iter() const { return max_iter_; }
  /// Closure evaluations per step() (default max_iter * 5 / 4).
  LBFGSOptions& max_eval(std::optional<std::int64_t> value) { return set(max_eval_, value); }
  std::optional<std::int64_t> max_eval() const { return max_eval_; }
  /// Stop when the largest gradient entry is at most this (default 1e-7).
  LBFGSOptions& tolerance_grad(double value) { return set(tolerance_grad_, value); }
  double tolerance_grad() const { return tolerance_grad_; }
  /// Stop when the step or the loss changes by less than this (default 1e-9).
  LBFGSOptions& tolerance_change(double value) { return set(tolerance_change_, value); }
  double tolerance_change() const { return tolerance_change_; }
  /// Curvature pairs kept (default 100).
  LBFGSOptions& history_size(std::int64_t value) { return set(history_size_, value); }
  std::int64_t history_size() const { return history_size_; }
  /// nullopt (fixed step lr) or "strong_wolfe".
  LBFGSOptions& line_search_fn(std::optional<std::string> value) { return set(line_search_fn_, value); }
  std::optional<std::string> line_search_fn() const { return line_search_fn_; }
  /// Throws tapegrad::Error naming the bad option.
  void check(const char* optimizer) const;

 private:
  std::int64_t max_iter_ = 20;
  std::optional<std::int64_t> max_eval_;
  double tolerance_grad_ = 1e-7;
  double tolerance_change_ = 1e-9;
  std::int64_t history_size_ = 100;
  std::optional<std::string> line_search_fn_;
};

/// L-BFGS over every parameter of its single group (as LibTorch, one group only). The curvature
/// history is kept in float64 whatever the parameters' dtype.
class LBFGS : public detail::OptimizerWith<LBFGSOptions> {
 public:
  using LossClosure = std::function<Tensor()>;
  /// Throws "LBFGS: got an empty parameter list" when empty.
  LBFGS(std::vector<Tensor> params, LBFGSOptions defaults = LBFGSOptions());
  /// Up to max_iter iterations; `closure` zeroes the gradients, computes the loss, calls
  /// backward() and returns the loss. Returns the loss of the first evaluation, as LibTorch.
  Tensor step(const LossClosure& closure);
  /// Throws: L-BFGS needs a closure.
  void step() override;
  /// Closure evaluations so far (LibTorch's state "func_evals") and iterations ("n_iter").
  std::int64_t func_evals() const { return func_evals_; }
  std::int64_t n_iter() const { return n_iter_; }

 protected:
  std::vector<std::string> state_names(const OptimizerOptions& options) const override;

 private:
  using Vec = std::vector<double>;
  Vec gather_flat_grad() const;
  Vec flat_params() const;
  void set_flat_params(const Vec& x);
  // Loss and gradient at x + t d (the parameters are put back to x afterwards).
  std::pair<double, Vec> directional_evaluate(const LossClosure& closure, const Vec& x, double t, const Vec& d);

  std::int64_t func_evals_ = 0, n_iter_ = 0;
  double t_ = 0, prev_loss_ = 0;
  Vec d_, prev_flat_grad_;
  double h_diag_ = 1;
  std::deque<Vec> old_dirs_, old_stps_;
  std::deque<double> ro_;
};

}  // namespace optim
}  // namespace tapegrad
