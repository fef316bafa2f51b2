// kill -9 at random moments of saves, 50 times over: the checkpoint always loads, whole, with
// the old or the new content, and killed saves leave no temporaries that pile up.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <random>
#include <thread>

#include <boost/test/unit_test.hpp>

#include <tapegrad/autograd/autograd.hpp>
#include <tapegrad/serialize/serialize.hpp>

#include "serialize_test_utils.hpp"

namespace tg = tapegrad;
namespace fs = std::filesystem;
using serialize_test::TempDir;

namespace {

constexpr std::int64_t kRows = 256, kCols = 1024;  // 1 MiB per save: a kill often lands mid-write

int temporaries_in(const fs::path& folder) {
  int count = 0;
  for (const auto& entry : fs::directory_iterator(folder))
    if (entry.path().filename().string() != "c.npz") ++count;
  return count;
}

// The value every element of the checkpoint holds; fails the test if they differ.
float whole_value(const std::string& path) {
  auto loaded = tg::load_tensors(path);
  BOOST_REQUIRE_EQUAL(loaded.size(), 1u);
  BOOST_REQUIRE(loaded[0].second.shape() == (tg::Shape{kRows, kCols}));
  std::vector<float> v = loaded[0].second.to_vector<float>();
  BOOST_REQUIRE_MESSAGE(std::all_of(v.begin(), v.end(), [&](float x) { return x == v[0]; }), "a torn checkpoint");
  return v[0];
}

}  // namespace

BOOST_AUTO_TEST_SUITE(crash_loop)

BOOST_AUTO_TEST_CASE(saves_killed_50_times_leave_a_whole_checkpoint_and_no_temporaries) {
  TempDir dir;
  std::string path = dir.file("c.npz");
  tg::save_tensors({{"w", tg::full({kRows, kCols}, 0.0)}}, path);
  std::mt19937 random(12);
  float last_seen = 0;
  int most_temporaries = 0;
  for (int round = 1; round <= 50; ++round) {
    pid_t child = ::fork();
    BOOST_REQUIRE(child >= 0);
    if (child == 0) {
      // Saves 1000 * round + k for k = 0, 1, ... until killed: a later save holds a larger value.
      for (int k = 0;; ++k) tg::save_tensors({{"w", tg::full({kRows, kCols}, 1000.0 * round + k)}}, path);
    }
    std::this_thread::sleep_for(std::chrono::microseconds(2000 + random() % 20000));
    ::kill(child, SIGKILL);
    int status = 0;
    ::waitpid(child, &status, 0);
    BOOST_REQUIRE_MESSAGE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL,
                          "the saving process ended by itself (status " << status << ")");

    float value = whole_value(path);
    BOOST_CHECK_GE(value, last_seen);  // old or new content, never an older one
    last_seen = value;
    most_temporaries = std::max(most_temporaries, temporaries_in(dir.path));
  }
  BOOST_TEST_MESSAGE("most temporaries seen after a kill: " << most_temporaries);
  BOOST_CHECK_LE(most_temporaries, 1);  // at most the one a kill just left, removed by the next save
  tg::save_tensors({{"w", tg::full({kRows, kCols}, -1.0)}}, path);
  BOOST_CHECK_EQUAL(temporaries_in(dir.path), 0);
  BOOST_CHECK_EQUAL(whole_value(path), -1.0f);
}

BOOST_AUTO_TEST_SUITE_END()
