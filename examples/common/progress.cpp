#include "progress.hpp"

#include <unistd.h>

#include <cstdio>

namespace examples {

std::string format_seconds(double seconds) {
  char buf[32];
  if (seconds >= 60) {
    const int total = static_cast<int>(seconds + 0.5);
    std::snprintf(buf, sizeof buf, "%dm%02ds", total / 60, total % 60);
  } else if (seconds >= 10) {
    std::snprintf(buf, sizeof buf, "%.1fs", seconds);
  } else {
    std::snprintf(buf, sizeof buf, "%.2fs", seconds);
  }
  return buf;
}

Progress::Progress(int epochs, std::int64_t steps_per_epoch, std::int64_t samples_per_step)
    : epochs_(epochs),
      steps_per_epoch_(steps_per_epoch),
      samples_per_step_(samples_per_step),
      tty_(isatty(STDOUT_FILENO) == 1),
      start_(Clock::now()),
      last_draw_(start_) {}

double Progress::elapsed_seconds() const { return std::chrono::duration<double>(Clock::now() - start_).count(); }

void Progress::step(int epoch, std::int64_t step, double loss, double accuracy) {
  if (!tty_) return;
  const auto now = Clock::now();
  if (step != steps_per_epoch_ && now - last_draw_ < std::chrono::milliseconds(100)) return;
  last_draw_ = now;
  const double elapsed = elapsed_seconds();
  const double done = static_cast<double>(epoch - 1) * steps_per_epoch_ + step;
  const double total = static_cast<double>(epochs_) * steps_per_epoch_;
  const double rate = elapsed > 0 ? done * samples_per_step_ / elapsed : 0.0;
  const double left = done > 0 ? elapsed * (total - done) / done : 0.0;
  constexpr int width = 24;
  const int filled = static_cast<int>(width * step / steps_per_epoch_);
  std::string bar(filled, '#');
  bar.resize(width, '.');
  std::printf("\r\033[Kepoch %d/%d [%s] %lld/%lld loss %.4f acc %.2f%% %.0f samples/s ETA %s", epoch, epochs_,
              bar.c_str(), static_cast<long long>(step), static_cast<long long>(steps_per_epoch_), loss, accuracy * 100,
              rate, format_seconds(left).c_str());
  std::fflush(stdout);
}

void Progress::end_epoch(int epoch, double loss, double accuracy, const std::string& extra) {
  const double elapsed = elapsed_seconds();
  const double rate = elapsed > 0 ? static_cast<double>(epoch) * steps_per_epoch_ * samples_per_step_ / elapsed : 0.0;
  if (tty_) std::printf("\r\033[K");
  std::printf("epoch %d/%d  loss %.4f  acc %.2f%%%s%s  %.0f samples/s  %s\n", epoch, epochs_, loss, accuracy * 100,
              extra.empty() ? "" : "  ", extra.c_str(), rate, format_seconds(elapsed).c_str());
  std::fflush(stdout);
}

}  // namespace examples
