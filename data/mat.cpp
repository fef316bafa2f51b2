#include <tapegrad/data/mat.hpp>

#include <tapegrad/autograd/creation.hpp>
#include <tapegrad/autograd/error.hpp>
#include <tapegrad/data/data_dir.hpp>

#include <matio.h>

#include <cstring>
#include <fstream>
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

/// libmatio inflates a cut-off compressed variable without complaint (zeros for the rest):
/// check that every top-level element of a level-5 file fits in the file first.
void check_level5_elements(const std::string& path) {
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  const auto size = static_cast<std::uint64_t>(in.tellg());
  if (size < 128) return;  // too short for a header: matio refuses it
  in.seekg(0);
  char header[128];
  in.read(header, 128);
  if (header[126] != 'I' || header[127] != 'M') return;  // big-endian or v7.3 (HDF5): left to matio
  std::uint64_t offset = 128;
  while (offset + 8 <= size) {
    unsigned char tag[8];
    in.seekg(static_cast<std::streamoff>(offset));
    in.read(reinterpret_cast<char*>(tag), 8);
    std::uint32_t type, bytes;
    std::memcpy(&type, tag, 4);
    std::memcpy(&bytes, tag + 4, 4);
    if ((type >> 16) != 0) {  // small data element: data in the tag itself
      offset += 8;
      continue;
    }
    const std::uint64_t end = offset + 8 + (type == 15 ? bytes : (bytes + 7) / 8 * 8);
    TG_CHECK(offset + 8 + bytes <= size, kWhere, "'", path, "': truncated: the element at byte ", offset, " holds ",
             bytes, " bytes but the file ends ", size - offset - 8, " bytes after its tag");
    offset = end;
  }
  TG_CHECK(offset >= size, kWhere, "'", path, "': truncated: ", size - offset, " stray bytes at the end");
}

struct MatFile {
  mat_t* mat;
  MatFile(const std::string& path) {
    detail::require_file(path, kWhere);
    init_logging();
    last_message().clear();
    check_level5_elements(path);
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
