#include <tapegrad/data/idx.hpp>

#include <tapegrad/autograd/error.hpp>
#include <tapegrad/data/data_dir.hpp>

#include <zlib.h>

#include <filesystem>
#include <limits>
#include <memory>
#include <string>
#include <vector>

namespace tapegrad::data {

namespace {

constexpr const char* kWhere = "read_idx";

/// gzread over a gzip or a raw file (zlib passes raw files through), with its errors named.
class GzFile {
 public:
  explicit GzFile(const std::string& path) : path_(path), file_(gzopen(path.c_str(), "rb")) {
    TG_CHECK(file_ != nullptr, kWhere, "'", path, "': cannot be opened");
    gzbuffer(file_, 1 << 17);
  }
  ~GzFile() { gzclose(file_); }
  /// True when the file is not gzip-compressed (valid once something was read).
  bool raw() const { return gzdirect(file_) == 1; }
  GzFile(const GzFile&) = delete;
  GzFile& operator=(const GzFile&) = delete;

  /// Reads up to n bytes; fewer only at the end of the data. Throws on a corrupt stream.
  std::size_t read(void* out, std::size_t n) {
    std::size_t done = 0;
    while (done < n) {
      const unsigned chunk = static_cast<unsigned>(std::min<std::size_t>(n - done, 1u << 30));
      const int got = gzread(file_, static_cast<char*>(out) + done, chunk);
      if (got < 0) {
        int code = 0;
        const char* message = gzerror(file_, &code);
        tapegrad::detail::fail(kWhere, "'", path_, "': corrupt gzip data (", message, ")");
      }
      if (got == 0) break;
      done += static_cast<std::size_t>(got);
    }
    // zlib reports a stream cut short only through gzerror once the data ran out
    int code = Z_OK;
    const char* message = gzerror(file_, &code);
    TG_CHECK(done == n || code == Z_OK || code == Z_STREAM_END, kWhere, "'", path_,
             "': corrupt or truncated gzip data (", message, ")");
    return done;
  }

 private:
  std::string path_;
  gzFile file_;
};

std::uint32_t big_endian(const unsigned char* p) {
  return (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) | (std::uint32_t{p[2]} << 8) | std::uint32_t{p[3]};
}

}  // namespace

IdxFile read_idx(const std::string& path) {
  detail::require_file(path, kWhere);
  GzFile file(path);
  unsigned char magic[4];
  const std::size_t got = file.read(magic, 4);
  TG_CHECK(got == 4, kWhere, "'", path, "': only ", got, " bytes, too short for an IDX header");
  TG_CHECK(magic[0] == 0 && magic[1] == 0, kWhere, "'", path, "': bad magic 0x", std::hex, big_endian(magic), std::dec,
           ", not an IDX file (expected 0x00000801 or 0x00000803 for MNIST)");
  TG_CHECK(magic[2] == 0x08, kWhere, "'", path, "': element type 0x", std::hex, int{magic[2]}, std::dec,
           " not supported (only 0x08, unsigned bytes)");
  const int dims = magic[3];
  TG_CHECK(dims >= 1 && dims <= 4, kWhere, "'", path, "': ", dims, " dimensions in the magic; expected 1 to 4");
  std::vector<unsigned char> header(static_cast<std::size_t>(4 * dims));
  const std::size_t header_got = file.read(header.data(), header.size());
  TG_CHECK(header_got == header.size(), kWhere, "'", path, "': truncated header (", 4 + header_got, " of ",
           4 + header.size(), " bytes)");

  IdxFile result;
  result.magic = big_endian(magic);
  std::size_t count = 1;
  for (int d = 0; d < dims; ++d) {
    const std::uint32_t size = big_endian(&header[static_cast<std::size_t>(4 * d)]);
    result.array.shape.push_back(static_cast<std::int64_t>(size));
    TG_CHECK(size == 0 || count <= (std::size_t{1} << 40) / size, kWhere, "'", path, "': sizes ",
             shape_to_string(result.array.shape), " are implausibly large");
    count *= size;
  }
  // Bound the allocation by the file before making it: a raw file holds the payload itself,
  // and deflate cannot expand more than 1032:1, so a 100-byte file never costs gigabytes.
  const std::uintmax_t file_size = std::filesystem::file_size(path);
  const std::uintmax_t header_size = 4 + header.size();
  const std::uintmax_t limit = file.raw() ? file_size - std::min(file_size, header_size) : file_size * 1032;
  TG_CHECK(count <= limit, kWhere, "'", path, "': truncated: the header says ", shape_to_string(result.array.shape),
           " = ", count, " bytes of data but the file has only ", file_size, " bytes",
           file.raw() ? "" : " (gzip-compressed, which cannot expand that much)");
  auto bytes = make_byte_storage(count);
  const std::size_t payload = file.read(bytes->data(), count);
  TG_CHECK(payload == count, kWhere, "'", path, "': truncated: the header says ", shape_to_string(result.array.shape),
           " = ", count, " bytes of data but the file holds only ", payload);
  unsigned char extra;
  TG_CHECK(file.read(&extra, 1) == 0, kWhere, "'", path, "': more data than the header's ",
           shape_to_string(result.array.shape), " (", count, " bytes): trailing bytes");
  result.array.bytes = std::move(bytes);
  return result;
}

}  // namespace tapegrad::data
