#include "child_process.hpp"

#include <tapegrad/autograd/error.hpp>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <exception>

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

namespace tapegrad::data::detail {

namespace {

/// The child's answer starts with one of these, then the payload or the error message.
constexpr char kResult = 'R', kError = 'E';

bool write_all(int fd, const char* data, std::size_t size) {
  while (size > 0) {
    const ssize_t n = ::write(fd, data, size);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    data += n;
    size -= static_cast<std::size_t>(n);
  }
  return true;
}

[[noreturn]] void child_main(int fd, const std::function<std::string()>& work) {
  // A crash in the library must end this process by its signal, for the parent to report,
  // not run handlers installed by the parent (a sanitizer's or a fuzzer's report and exit).
  for (int signal : {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT}) std::signal(signal, SIG_DFL);
  std::string answer;
  try {
    answer = kResult + work();
  } catch (const std::exception& e) {
    answer = kError + std::string(e.what());
  } catch (...) {
    answer = kError + std::string("an exception that is not a std::exception");
  }
  const bool written = write_all(fd, answer.data(), answer.size());
  ::close(fd);
  ::_exit(written ? 0 : 1);
}

std::string describe(int status) {
  if (WIFSIGNALED(status)) {
    const int signal = WTERMSIG(status);
    return "the reader crashed on it (signal " + std::to_string(signal) + ", " + ::strsignal(signal) +
           "): the file is corrupt";
  }
  return "the reader process ended with status " + std::to_string(WEXITSTATUS(status)) + " without an answer";
}

}  // namespace

std::string run_in_child_process(const std::function<std::string()>& work, const char* where,
                                 const std::string& subject) {
  int fds[2];
  TG_CHECK(::pipe2(fds, O_CLOEXEC) == 0, where, subject, ": cannot create a pipe: ", std::strerror(errno));
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::close(fds[0]);
    child_main(fds[1], work);
  }
  ::close(fds[1]);
  if (pid < 0) {
    const int error = errno;
    ::close(fds[0]);
    tapegrad::detail::fail(where, subject, ": cannot start a reader process: ", std::strerror(error));
  }
  std::string answer;
  char buffer[1 << 16];
  for (;;) {
    const ssize_t n = ::read(fds[0], buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    answer.append(buffer, static_cast<std::size_t>(n));
  }
  ::close(fds[0]);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  const bool exited_cleanly = WIFEXITED(status) && WEXITSTATUS(status) == 0;
  TG_CHECK(exited_cleanly && !answer.empty(), where, subject, ": ", describe(status));
  if (answer[0] == kError) throw Error(answer.substr(1));
  TG_CHECK(answer[0] == kResult, where, subject, ": the reader process answered in an unknown form");
  answer.erase(0, 1);
  return answer;
}

}  // namespace tapegrad::data::detail
