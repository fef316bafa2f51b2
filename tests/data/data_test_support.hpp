#pragma once
// What the data tests share: where the real data files are (TAPEGRAD_DATA_DIR at run time,
// else the build's TAPEGRAD_DEFAULT_DATA_DIR, ../shared/data), a check that a real file is
// there (a missing one fails the test, naming it: CI has the data), and a scratch folder for
// the small broken files the tests write.
#include "support/test_support.hpp"

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <unistd.h>
#include <zlib.h>

#ifndef TAPEGRAD_DEFAULT_DATA_DIR
#error "TAPEGRAD_DEFAULT_DATA_DIR must name the data folder (tests/CMakeLists.txt defines it)"
#endif

namespace tt = boost::test_tools;

namespace tg_test {

/// The folder with mnist/, cat/, digits/, ex4/.
inline std::string data_root() {
  if (const char* env = std::getenv("TAPEGRAD_DATA_DIR"); env != nullptr && *env != '\0') return env;
  return TAPEGRAD_DEFAULT_DATA_DIR;
}

/// `data_root()/relative`, after requiring that the file exists.
inline std::string data_file(const std::string& relative) {
  const std::string path = data_root() + "/" + relative;
  BOOST_REQUIRE_MESSAGE(std::filesystem::is_regular_file(path),
                        "real data file " << path << " is missing: these tests need ../shared/data (set "
                                          << "TAPEGRAD_DATA_DIR or the CMake cache variable TAPEGRAD_DATA_DIR)");
  return path;
}

/// A fresh folder for files a test writes, removed when the fixture goes.
struct ScratchDir {
  std::filesystem::path path;
  explicit ScratchDir(const std::string& name) {
    path = std::filesystem::temp_directory_path() / ("tapegrad-" + name + "-" + std::to_string(::getpid()));
    std::filesystem::remove_all(path);
    std::filesystem::create_directories(path);
  }
  ~ScratchDir() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
  std::string file(const std::string& name) const { return (path / name).string(); }
};

inline void write_bytes(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

inline std::string read_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

/// `bytes` gzip-compressed (to write .gz test files).
inline std::string gzip(const std::string& bytes) {
  z_stream s{};
  deflateInit2(&s, 6, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY);
  std::string out(deflateBound(&s, static_cast<uLong>(bytes.size())) + 64, '\0');
  s.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
  s.avail_in = static_cast<uInt>(bytes.size());
  s.next_out = reinterpret_cast<Bytef*>(out.data());
  s.avail_out = static_cast<uInt>(out.size());
  deflate(&s, Z_FINISH);
  out.resize(s.total_out);
  deflateEnd(&s);
  return out;
}

/// Big-endian uint32 bytes, for IDX headers.
inline std::string be32(std::uint32_t v) {
  return std::string{static_cast<char>(v >> 24), static_cast<char>(v >> 16), static_cast<char>(v >> 8),
                     static_cast<char>(v)};
}

}  // namespace tg_test
