#include <tapegrad/serialize/file_io.hpp>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <tapegrad/autograd/error.hpp>

namespace tapegrad::serialize::detail {

using tapegrad::detail::fail;
namespace {

std::string parent_folder(const std::string& path) {
  std::size_t slash = path.find_last_of('/');
  if (slash == std::string::npos) return ".";
  return slash == 0 ? "/" : path.substr(0, slash);
}

// Closes on scope exit so every early throw releases the descriptor.
struct Fd {
  int fd = -1;
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
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

void write_file_atomically(const std::string& path, const std::string& bytes, const std::string& where) {
  const char* w = where.c_str();
  TG_CHECK(!path.empty(), w, "empty file name");
  std::string tmp = path + ".tmp-" + std::to_string(::getpid());
  Fd file;
  file.fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  TG_CHECK(file.fd >= 0, w, "cannot create '", tmp, "': ", std::strerror(errno));

  auto give_up = [&](const char* what) {
    int error = errno;
    ::close(file.fd);
    file.fd = -1;
    ::unlink(tmp.c_str());
    fail(w, "cannot ", what, " '", tmp, "' (", std::strerror(error), "); '", path, "' was left unchanged");
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
  Fd folder;
  folder.fd = ::open(parent_folder(path).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (folder.fd >= 0) ::fsync(folder.fd);
}

}  // namespace tapegrad::serialize::detail
