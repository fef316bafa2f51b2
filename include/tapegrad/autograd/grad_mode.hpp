#pragma once
/// Whether ops are being recorded on the tape (per thread), and the guards that switch it.

namespace tapegrad {

/// True when ops on tensors that require grad are recorded (the default).
bool is_grad_enabled();
void set_grad_enabled(bool enabled);

/// Inside its scope nothing is recorded, as torch::NoGradGuard:
///
///     { tg::NoGradGuard no_grad; w.sub_(w.grad(), lr); }
class NoGradGuard {
 public:
  NoGradGuard() : previous_(is_grad_enabled()) { set_grad_enabled(false); }
  ~NoGradGuard() { set_grad_enabled(previous_); }
  NoGradGuard(const NoGradGuard&) = delete;
  NoGradGuard& operator=(const NoGradGuard&) = delete;

 private:
  bool previous_;
};

/// Sets grad mode to `enabled` for its scope (used by backward(create_graph=true)).
class AutoGradMode {
 public:
  explicit AutoGradMode(bool enabled) : previous_(is_grad_enabled()) { set_grad_enabled(enabled); }
  ~AutoGradMode() { set_grad_enabled(previous_); }
  AutoGradMode(const AutoGradMode&) = delete;
  AutoGradMode& operator=(const AutoGradMode&) = delete;

 private:
  bool previous_;
};

}  // namespace tapegrad
