#pragma once
/// Anomaly detection, as torch::autograd::DetectAnomalyGuard: while enabled, backward checks
/// every gradient each node returns and throws at the first NaN or infinity, naming the op, its
/// creation number on the tape and, when the op passed one to autograd::record, where it was
/// recorded:
///
///     tg::autograd::DetectAnomalyGuard detect;
///     loss.backward();  // tapegrad::Error: "Function 'DivBackward' (node 17) returned nan values in its 0th output"
namespace tapegrad::autograd {

/// Whether anomaly detection is on (process-wide, as in LibTorch).
struct AnomalyMode {
  static bool is_enabled();
  static void set_enabled(bool enabled);
};

/// Turns anomaly detection on for its scope.
class DetectAnomalyGuard {
 public:
  DetectAnomalyGuard() : previous_(AnomalyMode::is_enabled()) { AnomalyMode::set_enabled(true); }
  ~DetectAnomalyGuard() { AnomalyMode::set_enabled(previous_); }
  DetectAnomalyGuard(const DetectAnomalyGuard&) = delete;
  DetectAnomalyGuard& operator=(const DetectAnomalyGuard&) = delete;

 private:
  bool previous_;
};

}  // namespace tapegrad::autograd
