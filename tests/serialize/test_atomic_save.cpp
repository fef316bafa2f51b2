// Saving replaces the file atomically: a save that fails at any point (creating, writing,
// renaming) leaves the previous checkpoint byte-for-byte intact and no temporary file behind.
#include <sys/resource.h>
#include <unistd.h>

#include <csignal>

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

std::string temp_name(const std::string& path) { return path + ".tmp-" + std::to_string(::getpid()); }

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
                         "cannot write '" + temp_name(path) + "'", "File too large", "was left unchanged");
  }
  BOOST_CHECK(serialize_test::read_bytes(path) == before);
  BOOST_CHECK(folder_listing(dir.path) == std::vector<std::string>{"c.npz"});  // temporary removed
  BOOST_CHECK(tg::load_tensors(path)[0].second.to_vector<float>() == (std::vector<float>{1, 1, 1, 1}));

  tg::save_tensors({{"w", big}}, path);  // and the same save succeeds without the limit
  BOOST_CHECK(tg::load_tensors(path)[0].second.shape() == (tg::Shape{256, 1024}));
}

BOOST_AUTO_TEST_CASE(keeps_the_old_checkpoint_when_the_temporary_file_cannot_be_created) {
  TempDir dir;
  std::string path = dir.file("c.npz");
  tg::save_tensors({{"w", tg::ones({4})}}, path);
  std::string before = serialize_test::read_bytes(path);
  fs::create_directory(temp_name(path));  // something already sits where the temporary goes

  TG_CHECK_THROWS_WITH(tg::save_tensors({{"w", tg::zeros({4})}}, path), "save_tensors: '" + path + "'",
                       "cannot create '" + temp_name(path) + "'");
  BOOST_CHECK(serialize_test::read_bytes(path) == before);
}

BOOST_AUTO_TEST_CASE(removes_the_temporary_file_when_the_rename_fails) {
  TempDir dir;
  std::string path = dir.file("taken");
  fs::create_directories(fs::path(path) / "inside");  // a non-empty folder cannot be renamed over

  TG_CHECK_THROWS_WITH(tg::save_tensors({{"w", tg::zeros({4})}}, path), "save_tensors: '" + path + "'",
                       "cannot rename '" + temp_name(path) + "'", "was left unchanged");
  BOOST_CHECK(folder_listing(dir.path) == std::vector<std::string>{"taken"});
  BOOST_CHECK(fs::is_directory(fs::path(path) / "inside"));
}

BOOST_AUTO_TEST_SUITE_END()
