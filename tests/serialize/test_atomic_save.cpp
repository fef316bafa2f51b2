// Saving replaces the file atomically: a save that fails at any point (creating, writing,
// renaming) leaves the previous checkpoint byte-for-byte intact and no temporary file behind.
#include <sys/resource.h>
#include <unistd.h>

#include <sys/wait.h>

#include <algorithm>
#include <csignal>
#include <thread>

#include <boost/test/unit_test.hpp>

#include <tapegrad/autograd/autograd.hpp>
#include <tapegrad/serialize/serialize.hpp>

#include "serialize_test_utils.hpp"

namespace tg = tapegrad;
namespace fs = std::filesystem;
using serialize_test::TempDir;

namespace {

std::vector<std::string> folder_listing(const fs::path& folder) {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(folder)) names.push_back(entry.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

// The prefix of every temporary this process's saves to `path` use.
std::string temp_prefix(const std::string& path) { return path + ".tmp-" + std::to_string(::getpid()) + "-"; }

// The pid of a process that has exited (and been reaped), for temporaries "left by a kill".
pid_t dead_pid() {
  pid_t child = ::fork();
  if (child == 0) ::_exit(0);
  ::waitpid(child, nullptr, 0);
  return child;
}

// Runs `body` in a child process; returns its wait status.
template <typename F>
int in_child(F&& body) {
  pid_t child = ::fork();
  BOOST_REQUIRE(child >= 0);
  if (child == 0) {
    int code = 1;
    try {
      code = body();
    } catch (...) {
    }
    ::_exit(code);
  }
  int status = 0;
  ::waitpid(child, &status, 0);
  return status;
}

// Limits the size of any file this process writes, for one scope (RLIMIT_FSIZE), so that a
// write() really fails part-way with EFBIG instead of the process being killed by SIGXFSZ.
class FileSizeLimit {
 public:
  explicit FileSizeLimit(rlim_t bytes) {
    BOOST_REQUIRE(::getrlimit(RLIMIT_FSIZE, &saved_) == 0);
    previous_handler_ = std::signal(SIGXFSZ, SIG_IGN);
    rlimit limit = saved_;
    limit.rlim_cur = bytes;
    BOOST_REQUIRE(::setrlimit(RLIMIT_FSIZE, &limit) == 0);
  }
  ~FileSizeLimit() {
    ::setrlimit(RLIMIT_FSIZE, &saved_);
    std::signal(SIGXFSZ, previous_handler_);
  }

 private:
  rlimit saved_{};
  void (*previous_handler_)(int) = nullptr;
};

}  // namespace

BOOST_AUTO_TEST_SUITE(atomic_save)

BOOST_AUTO_TEST_CASE(leaves_only_the_checkpoint_in_the_folder) {
  TempDir dir;
  tg::save_tensors({{"w", tg::ones({3})}}, dir.file("c.npz"));
  tg::save_tensors({{"w", tg::zeros({3})}}, dir.file("c.npz"));
  BOOST_CHECK(folder_listing(dir.path) == std::vector<std::string>{"c.npz"});
  BOOST_CHECK(tg::load_tensors(dir.file("c.npz"))[0].second.to_vector<float>() == (std::vector<float>{0, 0, 0}));
}

BOOST_AUTO_TEST_CASE(keeps_the_old_checkpoint_when_a_write_fails_part_way) {
  TempDir dir;
  std::string path = dir.file("c.npz");
  tg::save_tensors({{"w", tg::ones({4})}}, path);
  std::string before = serialize_test::read_bytes(path);

  tg::Tensor big = tg::zeros({256, 1024});  // 1 MiB: far past the 64 KiB limit below
  {
    FileSizeLimit limit(64 * 1024);
    TG_CHECK_THROWS_WITH(tg::save_tensors({{"w", big}}, path), "save_tensors: '" + path + "'",
                         "cannot write '" + temp_prefix(path), "File too large", "ulimit -f", "was left unchanged");
  }
  BOOST_CHECK(serialize_test::read_bytes(path) == before);
  BOOST_CHECK(folder_listing(dir.path) == std::vector<std::string>{"c.npz"});  // temporary removed
  BOOST_CHECK(tg::load_tensors(path)[0].second.to_vector<float>() == (std::vector<float>{1, 1, 1, 1}));

  tg::save_tensors({{"w", big}}, path);  // and the same save succeeds without the limit
  BOOST_CHECK(tg::load_tensors(path)[0].second.shape() == (tg::Shape{256, 1024}));
}

BOOST_AUTO_TEST_CASE(says_when_the_temporary_file_cannot_be_created) {
  TempDir dir;
  std::string path = dir.file("missing/c.npz");  // no such folder
  TG_CHECK_THROWS_WITH(tg::save_tensors({{"w", tg::zeros({4})}}, path), "save_tensors: '" + path + "'",
                       "cannot create '" + temp_prefix(path), "No such file or directory");
  BOOST_CHECK(folder_listing(dir.path).empty());
}

BOOST_AUTO_TEST_CASE(removes_the_temporary_file_when_the_rename_fails) {
  TempDir dir;
  std::string path = dir.file("taken");
  fs::create_directories(fs::path(path) / "inside");  // a non-empty folder cannot be renamed over

  TG_CHECK_THROWS_WITH(tg::save_tensors({{"w", tg::zeros({4})}}, path), "save_tensors: '" + path + "'",
                       "cannot rename '" + temp_prefix(path), "was left unchanged");
  BOOST_CHECK(folder_listing(dir.path) == std::vector<std::string>{"taken"});
  BOOST_CHECK(fs::is_directory(fs::path(path) / "inside"));
}

BOOST_AUTO_TEST_CASE(survives_exceeding_ulimit_f_with_the_default_sigxfsz_action) {
  // By default SIGXFSZ kills the process: a save past `ulimit -f` must fail with an error
  // instead, and leave the old file. Run in a child so the default action is really in force.
  TempDir dir;
  std::string path = dir.file("c.npz");
  tg::save_tensors({{"w", tg::ones({4})}}, path);
  std::string before = serialize_test::read_bytes(path);
  int status = in_child([&] {
    std::signal(SIGXFSZ, SIG_DFL);
    rlimit limit{};
    ::getrlimit(RLIMIT_FSIZE, &limit);
    limit.rlim_cur = 64 * 1024;
    ::setrlimit(RLIMIT_FSIZE, &limit);
    try {
      tg::save_tensors({{"w", tg::zeros({256, 1024})}}, path);
    } catch (const tg::Error& e) {
      std::string what = e.what();
      return what.find("File too large") != std::string::npos && what.find("ulimit -f") != std::string::npos ? 0 : 3;
    }
    return 2;  // saved 1 MiB past a 64 KiB limit?
  });
  BOOST_CHECK_MESSAGE(WIFEXITED(status), "the save killed its process (signal " << WTERMSIG(status) << ")");
  BOOST_CHECK_MESSAGE(WIFEXITED(status) && WEXITSTATUS(status) == 0, "child exit status " << WEXITSTATUS(status));
  BOOST_CHECK(serialize_test::read_bytes(path) == before);
  BOOST_CHECK(folder_listing(dir.path) == std::vector<std::string>{"c.npz"});
}

BOOST_AUTO_TEST_CASE(removes_the_temporaries_of_dead_processes_on_the_next_save) {
  TempDir dir;
  std::string path = dir.file("c.npz");
  std::string dead = std::to_string(dead_pid());
  std::string live = std::to_string(::getppid());
  for (const std::string& name :
       std::vector<std::string>{"c.npz.tmp-" + dead, "c.npz.tmp-" + dead + "-7", "c.npz.tmp-" + live + "-1",
                                "c.npz.tmp-notes", "d.npz.tmp-" + dead})
    serialize_test::write_bytes(dir.file(name), "partial");
  tg::save_tensors({{"w", tg::ones({2})}}, path);
  // Only the dead process's temporaries of this path go: a live process may still rename its
  // own, and other names are not ours.
  BOOST_CHECK(folder_listing(dir.path) ==
              (std::vector<std::string>{"c.npz", "c.npz.tmp-" + live + "-1", "c.npz.tmp-notes", "d.npz.tmp-" + dead}));
}

BOOST_AUTO_TEST_SUITE_END()

namespace {

// A checkpoint whose every element is `value`: a torn or mixed file cannot pass for one.
tg::Tensor filled(float value) { return tg::full({64, 1024}, value); }

// Loads `path` and checks that it is one whole checkpoint written by `filled`; returns its value.
float whole_value(const std::string& path) {
  auto loaded = tg::load_tensors(path);
  BOOST_REQUIRE_EQUAL(loaded.size(), 1u);
  std::vector<float> v = loaded[0].second.to_vector<float>();
  BOOST_REQUIRE_EQUAL(v.size(), 64u * 1024);
  BOOST_REQUIRE_MESSAGE(std::all_of(v.begin(), v.end(), [&](float x) { return x == v[0]; }), "a torn checkpoint");
  return v[0];
}

}  // namespace

BOOST_AUTO_TEST_SUITE(concurrent_saves)

BOOST_AUTO_TEST_CASE(from_threads_to_one_path_leave_one_whole_file) {
  TempDir dir;
  std::string path = dir.file("c.npz");
  tg::save_tensors({{"w", filled(0)}}, path);
  const int threads = 4, rounds = 40;
  std::vector<std::string> errors(threads);
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t)
    pool.emplace_back([&, t] {
      try {
        for (int r = 0; r < rounds; ++r) tg::save_tensors({{"w", filled(static_cast<float>(t + 1))}}, path);
      } catch (const std::exception& e) {
        errors[t] = e.what();
      }
    });
  int loads = 0;
  for (; loads < 50; ++loads) whole_value(path);  // concurrently: every load sees a whole file
  for (auto& thread : pool) thread.join();
  for (const std::string& error : errors) BOOST_CHECK_MESSAGE(error.empty(), error);
  float last = whole_value(path);
  BOOST_CHECK(last >= 1 && last <= threads);
  BOOST_CHECK(folder_listing(dir.path) == std::vector<std::string>{"c.npz"});
}

BOOST_AUTO_TEST_CASE(from_processes_to_one_path_leave_one_whole_file) {
  TempDir dir;
  std::string path = dir.file("c.npz");
  tg::save_tensors({{"w", filled(0)}}, path);
  std::vector<pid_t> children;
  for (int c = 0; c < 2; ++c) {
    pid_t child = ::fork();
    BOOST_REQUIRE(child >= 0);
    if (child == 0) {
      int code = 0;
      try {
        for (int r = 0; r < 40; ++r) tg::save_tensors({{"w", filled(static_cast<float>(c + 1))}}, path);
      } catch (...) {
        code = 1;
      }
      ::_exit(code);
    }
    children.push_back(child);
  }
  for (int loads = 0; loads < 50; ++loads) whole_value(path);
  for (pid_t child : children) {
    int status = 0;
    ::waitpid(child, &status, 0);
    BOOST_CHECK_MESSAGE(WIFEXITED(status) && WEXITSTATUS(status) == 0, "a saving process failed");
  }
  BOOST_CHECK(whole_value(path) >= 1);
  BOOST_CHECK(folder_listing(dir.path) == std::vector<std::string>{"c.npz"});
}

BOOST_AUTO_TEST_SUITE_END()
