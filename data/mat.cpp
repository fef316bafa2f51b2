#include <tapegrad/data/mat.hpp>

#include <tapegrad/autograd/creation.hpp>
#include <tapegrad/autograd/error.hpp>
#include <tapegrad/data/data_dir.hpp>

#include <matio.h>

#include <zlib.h>

#include <algorithm>
#include <cstring>
#include <fstream>
#include <iterator>
#include <mutex>

namespace tapegrad::data {

namespace {

constexpr const char* kWhere = "read_mat";

/// libmatio keeps global state (its log function): every call into it holds this lock, and
/// its messages are kept for our errors instead of going to stderr.
std::mutex& matio_mutex() {
  static std::mutex mutex;
  return mutex;
}

std::string& last_message() {
  static std::string message;
  return message;
}

void log_to_string(int, char* message) { last_message() = message ? message : ""; }

void init_logging() {
  static std::once_flag once;
  std::call_once(once, [] { Mat_LogInitFunc("tapegrad", log_to_string); });
}

std::string detail_text() { return last_message().empty() ? std::string() : " (libmatio: " + last_message() + ")"; }

const char* class_name(matio_classes c) {
  switch (c) {
    case MAT_C_CELL:
      return "a cell array";
    case MAT_C_STRUCT:
      return "a struct";
    case MAT_C_OBJECT:
      return "an object";
    case MAT_C_CHAR:
      return "a char array";
    case MAT_C_SPARSE:
      return "a sparse matrix";
    case MAT_C_DOUBLE:
      return "a double array";
    case MAT_C_SINGLE:
      return "a single array";
    case MAT_C_INT8:
      return "an int8 array";
    case MAT_C_UINT8:
      return "a uint8 array";
    case MAT_C_INT16:
      return "an int16 array";
    case MAT_C_UINT16:
      return "a uint16 array";
    case MAT_C_INT32:
      return "an int32 array";
    case MAT_C_UINT32:
      return "a uint32 array";
    case MAT_C_INT64:
      return "an int64 array";
    case MAT_C_UINT64:
      return "a uint64 array";
    case MAT_C_FUNCTION:
      return "a function handle";
    default:
      return "of an unknown class";
  }
}

std::uint32_t read32(const unsigned char* p, bool big_endian) {
  if (big_endian) return (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) | (std::uint32_t{p[2]} << 8) | p[3];
  return (std::uint32_t{p[3]} << 24) | (std::uint32_t{p[2]} << 16) | (std::uint32_t{p[1]} << 8) | p[0];
}

/// libmatio trusts the sizes a file declares: given a 200-byte file it callocs 4 GB for a
/// variable's dimensions or name, and it inflates a cut-off compressed variable into zeros
/// without complaint (both found by fuzz/fuzz_mat.cpp). So before libmatio sees a file, this
/// walks its structure: every tagged element fits in its parent, compressed variables inflate
/// completely (at most 1032:1, deflate's limit), and a matrix declares no more elements than
/// its bytes can hold (sparse matrices aside, whose data is sized by their non-zeros).
class Level5Structure {
 public:
  Level5Structure(const std::string& path, bool big_endian) : path_(path), big_(big_endian) {}

  /// A sequence of tagged elements filling [p, p + n); top level when depth is 0.
  void elements(const unsigned char* p, std::uint64_t n, int depth) const {
    TG_CHECK(depth <= 32, kWhere, "'", path_, "': variables nested more than 32 deep");
    std::uint64_t offset = 0;
    while (offset < n) {
      TG_CHECK(n - offset >= 8, kWhere, "'", path_, "': truncated: ", n - offset, " stray bytes where a tag belongs");
      const std::uint32_t type = read32(p + offset, big_), bytes = read32(p + offset + 4, big_);
      if ((type >> 16) != 0) {  // small data element: up to 4 bytes inside the tag itself
        TG_CHECK((type >> 16) <= 4, kWhere, "'", path_, "': a small element claims ", type >> 16, " bytes");
        offset += 8;
        continue;
      }
      TG_CHECK(bytes <= n - offset - 8, kWhere, "'", path_, "': truncated: an element holds ", bytes,
               " bytes but only ", n - offset - 8, " follow its tag");
      const unsigned char* data = p + offset + 8;
      if (type == 14) matrix(data, bytes, depth + 1);
      if (type == 15) {
        TG_CHECK(depth == 0, kWhere, "'", path_, "': a compressed element inside a variable");
        const std::string inflated = inflate_all(data, bytes);
        elements(reinterpret_cast<const unsigned char*>(inflated.data()), inflated.size(), depth);
      }
      // elements are padded to 8 bytes, except compressed ones and the last one of the file
      offset += 8 + (type == 15 ? bytes : std::min<std::uint64_t>((std::uint64_t{bytes} + 7) / 8 * 8, n - offset - 8));
    }
  }

 private:
  /// The body of a miMATRIX element: array flags, dimensions, name, then data or fields.
  void matrix(const unsigned char* p, std::uint64_t n, int depth) const {
    TG_CHECK(n == 0 || n >= 16, kWhere, "'", path_, "': a variable of ", n, " bytes has no array flags");
    if (n == 0) return;                              // an empty cell element
    const unsigned matrix_class = p[big_ ? 11 : 8];  // the low byte of the first flags word
    std::uint64_t dims_offset = 16;                  // the flags sub-element is 8 bytes of tag + 8 of data
    TG_CHECK(n - dims_offset >= 8, kWhere, "'", path_, "': a variable without dimensions");
    const std::uint32_t dims_type = read32(p + dims_offset, big_);
    const bool small = (dims_type >> 16) != 0;
    const std::uint64_t dims_bytes = small ? dims_type >> 16 : read32(p + dims_offset + 4, big_);
    const unsigned char* dims = p + dims_offset + (small ? 4 : 8);
    TG_CHECK(dims_bytes % 4 == 0 && dims_bytes <= n - dims_offset - (small ? 4 : 8), kWhere, "'", path_,
             "': a variable's dimensions do not fit in it");
    std::uint64_t count = 1;
    for (std::uint64_t i = 0; i < dims_bytes; i += 4) {
      const auto d = static_cast<std::int32_t>(read32(dims + i, big_));
      TG_CHECK(d >= 0, kWhere, "'", path_, "': a variable has the negative dimension ", d);
      count = std::min<std::uint64_t>(count * static_cast<std::uint64_t>(d), std::uint64_t{1} << 62);
    }
    constexpr unsigned kSparse = 5;
    TG_CHECK(matrix_class == kSparse || count <= n, kWhere, "'", path_, "': a variable declares ", count,
             " elements in ", n, " bytes");
    elements(p, n, depth);
  }

  std::string inflate_all(const unsigned char* p, std::uint64_t n) const {
    z_stream z{};
    TG_CHECK(inflateInit(&z) == Z_OK, kWhere, "'", path_, "': zlib cannot start");
    std::string out;
    const std::uint64_t limit = std::min<std::uint64_t>(n * 1032 + 64, std::uint64_t{1} << 34);
    z.next_in = const_cast<unsigned char*>(p);
    z.avail_in = static_cast<uInt>(n);
    int status = Z_OK;
    while (status == Z_OK) {
      if (out.size() == limit) break;
      const std::size_t before = out.size();
      out.resize(std::min<std::uint64_t>(limit, std::max<std::uint64_t>(before * 2, 1 << 16)));
      z.next_out = reinterpret_cast<unsigned char*>(&out[before]);
      z.avail_out = static_cast<uInt>(out.size() - before);
      status = inflate(&z, Z_NO_FLUSH);
      out.resize(out.size() - z.avail_out);
    }
    inflateEnd(&z);
    TG_CHECK(status == Z_STREAM_END, kWhere, "'", path_, "': a compressed variable is ",
             status == Z_OK || status == Z_BUF_ERROR ? "cut short" : "corrupt", " (zlib status ", status, ")");
    return out;
  }

  const std::string& path_;
  bool big_;
};

/// Refuses what is not a level-5 (or HDF5-based 7.3) MAT-file before libmatio sees it: given
/// anything else, libmatio falls back to the headerless level-4 format and allocates whatever
/// the first bytes declare (a 100-byte file made it ask for 2 GB). Checks a little-endian
/// level-5 file's structure (Level5Structure), in either byte order. Returns the file size.
std::uint64_t check_header_and_elements(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  TG_CHECK(in.good(), kWhere, "'", path, "': cannot be opened");
  const std::string content((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const auto size = static_cast<std::uint64_t>(content.size());
  TG_CHECK(size >= 128, kWhere, "'", path, "': ", size,
           " bytes, too short for a level-5 MAT-file header (128 bytes); level-4 files are not read");
  const char* header = content.data();
  const bool little = header[126] == 'I' && header[127] == 'M', big = header[126] == 'M' && header[127] == 'I';
  const unsigned char hi = static_cast<unsigned char>(header[little ? 125 : 124]);
  const unsigned char lo = static_cast<unsigned char>(header[little ? 124 : 125]);
  TG_CHECK((little || big) && ((hi == 0x01 || hi == 0x02) && lo == 0), kWhere, "'", path,
           "': not a level-5 MAT-file (no version 0x0100 with an 'IM'/'MI' endian mark at bytes 124-127)");
  if (hi == 0x02) return size;  // v7.3 is an HDF5 file: libmatio hands it to libhdf5
  Level5Structure(path, big).elements(reinterpret_cast<const unsigned char*>(content.data()) + 128, size - 128, 0);
  return size;
}

struct MatFile {
  mat_t* mat;
  std::uint64_t size;
  MatFile(const std::string& path) {
    detail::require_file(path, kWhere);
    init_logging();
    last_message().clear();
    size = check_header_and_elements(path);
    mat = Mat_Open(path.c_str(), MAT_ACC_RDONLY);
    TG_CHECK(mat != nullptr, kWhere, "'", path, "': not a MATLAB .mat file (or truncated)", detail_text());
  }
  ~MatFile() { Mat_Close(mat); }
  MatFile(const MatFile&) = delete;
  MatFile& operator=(const MatFile&) = delete;
};

struct Var {
  matvar_t* var;
  ~Var() {
    if (var) Mat_VarFree(var);
  }
};

std::vector<std::string> names_locked(mat_t* mat) {
  std::vector<std::string> names;
  Mat_Rewind(mat);
  while (matvar_t* info = Mat_VarReadNextInfo(mat)) {
    if (info->name) names.emplace_back(info->name);
    Mat_VarFree(info);
  }
  return names;
}

}  // namespace

std::vector<std::string> mat_variable_names(const std::string& path) {
  std::lock_guard<std::mutex> lock(matio_mutex());
  MatFile file(path);
  return names_locked(file.mat);
}

Tensor read_mat(const std::string& path, const std::string& variable) {
  std::lock_guard<std::mutex> lock(matio_mutex());
  MatFile file(path);
  Var info{Mat_VarReadInfo(file.mat, variable.c_str())};
  if (info.var == nullptr) {
    std::string known;
    for (const auto& n : names_locked(file.mat)) known += (known.empty() ? "" : ", ") + n;
    tapegrad::detail::fail(kWhere, "'", path, "': no variable '", variable,
                           "' (it has: ", known.empty() ? "none" : known, ")", detail_text());
  }
  const matvar_t* v = info.var;
  TG_CHECK(v->class_type == MAT_C_DOUBLE && !v->isComplex && !v->isLogical && v->rank == 2, kWhere, "'", path,
           "': variable '", variable, "' is ", v->isComplex ? "complex, " : "", v->isLogical ? "logical, " : "",
           class_name(v->class_type), " of rank ", v->rank, ", expected a real double matrix");
  // the declared size, bounded by the file before libmatio allocates it (deflate expands at
  // most 1032:1)
  const std::uint64_t rows_declared = v->dims[0], cols_declared = v->dims[1];
  const std::uint64_t limit = file.size * 1032 / sizeof(double);
  TG_CHECK(rows_declared == 0 || cols_declared <= limit / rows_declared, kWhere, "'", path, "': variable '", variable,
           "' declares ", rows_declared, "x", cols_declared, " doubles, more than a file of ", file.size,
           " bytes can hold");
  Var full{Mat_VarRead(file.mat, variable.c_str())};
  TG_CHECK(full.var != nullptr && full.var->data != nullptr, kWhere, "'", path, "': variable '", variable,
           "' cannot be read (truncated or corrupt file)", detail_text());
  const auto rows = static_cast<std::int64_t>(full.var->dims[0]), cols = static_cast<std::int64_t>(full.var->dims[1]);
  TG_CHECK(full.var->nbytes == static_cast<std::size_t>(rows * cols) * sizeof(double), kWhere, "'", path,
           "': variable '", variable, "' holds ", full.var->nbytes, " bytes for ", rows, "x", cols, " doubles");
  Tensor out = empty({rows, cols}, kFloat64);
  const auto* in = static_cast<const double*>(full.var->data);
  double* o = out.data_ptr<double>();
  for (std::int64_t r = 0; r < rows; ++r)
    for (std::int64_t c = 0; c < cols; ++c) o[r * cols + c] = in[c * rows + r];
  return out;
}

}  // namespace tapegrad::data
