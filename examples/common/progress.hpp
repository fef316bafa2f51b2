#pragma once
/// A live progress bar for training loops. On a terminal it redraws one line (epoch, step,
/// loss, accuracy, samples/s, time left) at most ten times a second; when stdout is a file or a
/// pipe it prints nothing per step and one plain line per epoch.
#include <chrono>
#include <cstdint>
#include <string>

namespace examples {

class Progress {
 public:
  /// `steps_per_epoch` batches of `samples_per_step` examples, `epochs` times.
  Progress(int epochs, std::int64_t steps_per_epoch, std::int64_t samples_per_step);
  /// After step `step` (1-based) of epoch `epoch` (1-based), with the running loss and accuracy.
  void step(int epoch, std::int64_t step, double loss, double accuracy);
  /// At the end of an epoch: the line that stays, with `extra` appended ("test 97.9%").
  void end_epoch(int epoch, double loss, double accuracy, const std::string& extra = "");
  bool interactive() const { return tty_; }
  double elapsed_seconds() const;

 private:
  using Clock = std::chrono::steady_clock;
  int epochs_;
  std::int64_t steps_per_epoch_, samples_per_step_;
  bool tty_;
  Clock::time_point start_, last_draw_;
};

/// "1m05s", "42.1s", "0.35s".
std::string format_seconds(double seconds);

}  // namespace examples
