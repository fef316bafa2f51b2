#pragma once
// Helpers shared by the serialize tests: a scratch folder per test and raw file access.
// Error and closeness checks come from support/test_support.hpp.
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include <boost/test/unit_test.hpp>

#include <tapegrad/autograd/error.hpp>

#include "support/test_support.hpp"

namespace serialize_test {

namespace fs = std::filesystem;

/// A fresh folder under the system temp dir, removed (with its content) at scope exit.
struct TempDir {
  fs::path path;
  TempDir() {
    static std::atomic<int> counter{0};
    path = fs::temp_directory_path() /
           ("tapegrad-serialize-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    fs::remove_all(path);
    fs::create_directories(path);
  }
  ~TempDir() {
    std::error_code ignored;
    fs::remove_all(path, ignored);
  }
  std::string file(const std::string& name) const { return (path / name).string(); }
};

inline std::string read_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  BOOST_REQUIRE_MESSAGE(in, "cannot open " << path);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

inline void write_bytes(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  BOOST_REQUIRE_MESSAGE(out, "cannot write " << path);
}

/// Little-endian patching of a file image, for corrupting headers.
inline void put_u16(std::string& bytes, std::size_t offset, std::uint16_t v) {
  bytes[offset] = static_cast<char>(v & 0xff);
  bytes[offset + 1] = static_cast<char>(v >> 8);
}
inline void put_u32(std::string& bytes, std::size_t offset, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) bytes[offset + i] = static_cast<char>((v >> (8 * i)) & 0xff);
}

}  // namespace serialize_test
