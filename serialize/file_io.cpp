#include <tapegrad/serialize/file_io.hpp>

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <ctime>
#include <limits>

#include <tapegrad/autograd/error.hpp>

namespace tapegrad::serialize::detail {

using tapegrad::detail::fail;
namespace {

constexpr char kTempInfix[] = ".tmp-";

std::string parent_folder(const std::string& path) {
  std::size_t slash = path.find_last_of('/');
  if (slash == std::string::npos) return ".";
  return slash == 0 ? "/" : path.substr(0, slash);
}

std::string base_name(const std::string& path) {
  std::size_t slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

// Closes on scope exit so every early throw releases the descriptor.
struct Fd {
  int fd = -1;
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
};

// The pid in "<base>.tmp-<pid>" (older tapegrad) or "<base>.tmp-<pid>-<n>", or 0 when `name`
// is not a temporary of `base`.
pid_t temporary_owner(const std::string& name, const std::string& base) {
  std::string prefix = base + kTempInfix;
  if (name.size() <= prefix.size() || name.compare(0, prefix.size(), prefix) != 0) return 0;
  std::size_t pos = prefix.size();
  long long pid = 0;
  std::size_t digits = 0;
  for (; pos < name.size() && name[pos] >= '0' && name[pos] <= '9' && digits < 10; ++pos, ++digits)
    pid = pid * 10 + (name[pos] - '0');
  if (digits == 0 || pid <= 0 || pid > std::numeric_limits<pid_t>::max()) return 0;
  if (pos < name.size()) {
    if (name[pos] != '-' || pos + 1 == name.size()) return 0;
    for (++pos; pos < name.size(); ++pos)
      if (name[pos] < '0' || name[pos] > '9') return 0;
  }
  return static_cast<pid_t>(pid);
}

// A save killed between creating its temporary and renaming it leaves the temporary behind;
// the next save to the same path removes those of processes that no longer exist. Best effort:
// a folder that cannot be listed is simply not cleaned.
void remove_stale_temporaries(const std::string& folder, const std::string& base) {
  DIR* dir = ::opendir(folder.c_str());
  if (dir == nullptr) return;
  while (const dirent* entry = ::readdir(dir)) {
    pid_t owner = temporary_owner(entry->d_name, base);
    if (owner == 0 || owner == ::getpid()) continue;        // our own are other threads' live saves
    if (::kill(owner, 0) == 0 || errno != ESRCH) continue;  // alive (or not ours to signal)
    ::unlinkat(::dirfd(dir), entry->d_name, 0);
  }
  ::closedir(dir);
}

// Exceeding RLIMIT_FSIZE raises SIGXFSZ, whose default action kills the process before the
// save can report anything. Blocking it in this thread for the duration of the save makes
// write() fail with EFBIG instead; a signal that became pending because of our own write is
// then consumed, so the caller's disposition and other threads are untouched.
class FileSizeSignalBlocked {
 public:
  FileSizeSignalBlocked() {
    sigemptyset(&set_);
    sigaddset(&set_, SIGXFSZ);
    blocked_ = ::pthread_sigmask(SIG_BLOCK, &set_, &previous_) == 0;
  }
  void consume_pending() {
    if (!blocked_ || sigismember(&previous_, SIGXFSZ)) return;
    timespec zero{};
    while (::sigtimedwait(&set_, nullptr, &zero) == SIGXFSZ) {
    }
  }
  ~FileSizeSignalBlocked() {
    if (blocked_) ::pthread_sigmask(SIG_SETMASK, &previous_, nullptr);
  }

 private:
  sigset_t set_{}, previous_{};
  bool blocked_ = false;
};

}  // namespace

std::string read_file(const std::string& path, const std::string& where) {
  Fd file;
  file.fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  TG_CHECK(file.fd >= 0, where.c_str(), "cannot open '", path, "': ", std::strerror(errno));
  struct stat info {};
  TG_CHECK(::fstat(file.fd, &info) == 0, where.c_str(), "cannot stat '", path, "': ", std::strerror(errno));
  TG_CHECK(S_ISREG(info.st_mode), where.c_str(), "'", path, "' is not a regular file");
  std::string bytes(static_cast<std::size_t>(info.st_size), '\0');
  std::size_t done = 0;
  while (done < bytes.size()) {
    ssize_t n = ::read(file.fd, &bytes[done], bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    TG_CHECK(n >= 0, where.c_str(), "cannot read '", path, "': ", std::strerror(errno));
    if (n == 0) break;  // shrank while we read: the checks on the content will say so
    done += static_cast<std::size_t>(n);
  }
  bytes.resize(done);
  return bytes;
}

std::uint64_t loadable_bytes() {
  std::uint64_t limit = std::numeric_limits<std::uint64_t>::max();
  long pages = ::sysconf(_SC_PHYS_PAGES), page_size = ::sysconf(_SC_PAGESIZE);
  if (pages > 0 && page_size > 0) limit = static_cast<std::uint64_t>(pages) * static_cast<std::uint64_t>(page_size);
  for (int resource : {RLIMIT_AS, RLIMIT_DATA}) {
    rlimit r{};
    if (::getrlimit(resource, &r) == 0 && r.rlim_cur != RLIM_INFINITY)
      limit = std::min<std::uint64_t>(limit, r.rlim_cur);
  }
  return limit;
}

void write_file_atomically(const std::string& path, const std::string& bytes, const std::string& where) {
  const char* w = where.c_str();
  TG_CHECK(!path.empty(), w, "empty file name");
  const std::string folder = parent_folder(path);
  remove_stale_temporaries(folder, base_name(path));

  // Unique per call, so that concurrent saves (threads or processes) never share a temporary;
  // each renames a whole file and the last rename wins.
  static std::atomic<unsigned long> counter{0};
  const std::string tmp = path + kTempInfix + std::to_string(::getpid()) + "-" + std::to_string(counter++);
  FileSizeSignalBlocked no_sigxfsz;

  // Write into an unnamed file where the kernel supports it (O_TMPFILE): a save killed while
  // writing leaves nothing behind. It gets its name only once complete, just before the rename.
  Fd file;
  bool named = false;
  file.fd = ::open(folder.c_str(), O_TMPFILE | O_WRONLY | O_CLOEXEC, 0644);
  if (file.fd < 0) {
    file.fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    TG_CHECK(file.fd >= 0, w, "cannot create '", tmp, "': ", std::strerror(errno));
    named = true;
  }

  auto give_up = [&](const char* what) {
    int error = errno;
    if (error == EFBIG) no_sigxfsz.consume_pending();
    ::close(file.fd);
    file.fd = -1;
    if (named) ::unlink(tmp.c_str());
    fail(w, "cannot ", what, " '", tmp, "' (", std::strerror(error),
         error == EFBIG ? ": the file-size limit, ulimit -f, is smaller than the checkpoint" : "", "); '", path,
         "' was left unchanged");
  };
  std::size_t done = 0;
  while (done < bytes.size()) {
    ssize_t n = ::write(file.fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      if (n == 0) errno = EIO;
      give_up("write");
    }
    done += static_cast<std::size_t>(n);
  }
  if (::fsync(file.fd) != 0) give_up("sync");
  if (!named) {
    std::string self = "/proc/self/fd/" + std::to_string(file.fd);
    if (::linkat(AT_FDCWD, self.c_str(), AT_FDCWD, tmp.c_str(), AT_SYMLINK_FOLLOW) != 0 &&
        ::linkat(file.fd, "", AT_FDCWD, tmp.c_str(), AT_EMPTY_PATH) != 0)
      give_up("name");
    named = true;
  }
  if (::close(file.fd) != 0) {
    file.fd = -1;
    give_up("close");
  }
  file.fd = -1;
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    int error = errno;
    ::unlink(tmp.c_str());
    fail(w, "cannot rename '", tmp, "' to '", path, "' (", std::strerror(error), "); '", path, "' was left unchanged");
  }
  // Make the rename itself durable; failing here cannot undo it, so it is best effort.
  Fd parent;
  parent.fd = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (parent.fd >= 0) ::fsync(parent.fd);
}

}  // namespace tapegrad::serialize::detail
