#include <tapegrad/data/hdf5.hpp>

#include <tapegrad/autograd/creation.hpp>
#include <tapegrad/autograd/error.hpp>
#include <tapegrad/data/data_dir.hpp>

#include <hdf5.h>

#include "child_process.hpp"

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <memory>
#include <mutex>

namespace tapegrad::data {

namespace {

constexpr const char* kWhere = "read_hdf5";

/// Closes an HDF5 handle when it goes out of scope.
class Handle {
 public:
  Handle(hid_t id, herr_t (*close)(hid_t)) : id_(id), close_(close) {}
  ~Handle() {
    if (id_ >= 0) close_(id_);
  }
  Handle(const Handle&) = delete;
  Handle& operator=(const Handle&) = delete;
  hid_t get() const { return id_; }
  bool ok() const { return id_ >= 0; }

 private:
  hid_t id_;
  herr_t (*close_)(hid_t);
};

/// Opens `path` read-only with HDF5's own error printing off (we throw instead).
hid_t open_file(const std::string& path) {
  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
  const htri_t is_hdf5 = H5Fis_hdf5(path.c_str());
  TG_CHECK(is_hdf5 > 0, kWhere, "'", path, "': not an HDF5 file (no HDF5 signature)");
  const hid_t file = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  TG_CHECK(file >= 0, kWhere, "'", path, "': cannot be opened as HDF5 (truncated or corrupt)");
  return file;
}

herr_t collect_name(hid_t group, const char* name, const H5L_info_t*, void* out) {
  const hid_t object = H5Oopen(group, name, H5P_DEFAULT);
  if (object < 0) return 0;
  if (H5Iget_type(object) == H5I_DATASET) static_cast<std::vector<std::string>*>(out)->emplace_back(name);
  H5Oclose(object);
  return 0;
}

std::vector<std::string> names_in(hid_t file) {
  std::vector<std::string> names;
  H5Literate(file, H5_INDEX_NAME, H5_ITER_NATIVE, nullptr, collect_name, &names);
  std::sort(names.begin(), names.end());
  return names;
}

/// libhdf5 trusts a dataset's layout message: a corrupt chunk size or storage address makes
/// H5Dread copy past its buffers (a crash, not an error). Checks what the layout declares
/// against the dataset's shape and the file before any read, for the layouts libhdf5 writes.
void check_layout(hid_t dataset, const std::string& path, const std::string& name, hid_t space, std::uint64_t bytes,
                  std::uint64_t file_size, std::uint64_t limit) {
  const auto where = [&] { return "'" + path + "': dataset '" + name + "'"; };
  Handle plist(H5Dget_create_plist(dataset), H5Pclose);
  TG_CHECK(plist.ok(), kWhere, where(), " has no readable creation properties");
  switch (H5Pget_layout(plist.get())) {
    case H5D_COMPACT:
      TG_CHECK(H5Dget_storage_size(dataset) >= bytes, kWhere, where(), " stores ", H5Dget_storage_size(dataset),
               " bytes in its header where its shape needs ", bytes);
      return;
    case H5D_CONTIGUOUS: {
      const haddr_t offset = H5Dget_offset(dataset);
      if (offset == HADDR_UNDEF) return;  // never written: reads as the fill value
      TG_CHECK(offset <= file_size && bytes <= file_size - offset, kWhere, where(), " declares ", bytes,
               " bytes at offset ", offset, ", past the end of a file of ", file_size, " bytes");
      return;
    }
    case H5D_CHUNKED: {
      const int rank = H5Sget_simple_extent_ndims(space);
      std::vector<hsize_t> dims(static_cast<std::size_t>(rank)), max_dims(dims.size()), chunk(dims.size() + 1);
      H5Sget_simple_extent_dims(space, dims.data(), max_dims.data());
      TG_CHECK(H5Pget_chunk(plist.get(), rank + 1, chunk.data()) == rank, kWhere, where(),
               " has chunks of another rank than its shape");
      std::uint64_t chunk_elements = 1;
      for (int d = 0; d < rank; ++d) {
        const hsize_t size = chunk[static_cast<std::size_t>(d)], max = max_dims[static_cast<std::size_t>(d)];
        TG_CHECK(size >= 1 && (max == H5S_UNLIMITED || size <= max) && chunk_elements <= limit / size, kWhere, where(),
                 " declares a chunk of ", size, " along dimension ", d, " of a dimension of at most ", max);
        chunk_elements *= size;
      }
      return;
    }
    default:
      tapegrad::detail::fail(kWhere, where(), " has a storage layout (virtual or unknown) this reader does not read");
  }
}

std::string joined(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
  return out.empty() ? "none" : out;
}

std::vector<std::string> names_here(const std::string& path) {
  Handle file(open_file(path), H5Fclose);
  return names_in(file.get());
}

/// What the reading child sends back: the names, each ending in NUL.
std::string encode_names(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += n + '\0';
  return out;
}

std::vector<std::string> decode_names(const std::string& encoded) {
  std::vector<std::string> names;
  for (std::size_t start = 0, end; (end = encoded.find('\0', start)) != std::string::npos; start = end + 1)
    names.push_back(encoded.substr(start, end - start));
  return names;
}

void append_int64(std::string& out, std::int64_t value) {
  out.append(reinterpret_cast<const char*>(&value), sizeof value);
}

/// Dataset `name` as the reading child sends it back: "<dtype>\0", the rank and the sizes as
/// int64, then the values (native-endian elements, or strings each ending in NUL).
std::string read_here(const std::string& path, const std::string& name) {
  Handle file(open_file(path), H5Fclose);
  const std::vector<std::string> names = names_in(file.get());
  TG_CHECK(std::find(names.begin(), names.end(), name) != names.end(), kWhere, "'", path, "': no dataset '", name,
           "' (it has: ", joined(names), ")");
  Handle dataset(H5Dopen2(file.get(), name.c_str(), H5P_DEFAULT), H5Dclose);
  TG_CHECK(dataset.ok(), kWhere, "'", path, "': dataset '", name, "' cannot be opened");
  Handle space(H5Dget_space(dataset.get()), H5Sclose);
  Handle type(H5Dget_type(dataset.get()), H5Tclose);
  TG_CHECK(space.ok() && type.ok(), kWhere, "'", path, "': dataset '", name, "' has no readable type or shape");

  const int rank = H5Sget_simple_extent_ndims(space.get());
  TG_CHECK(rank >= 0, kWhere, "'", path, "': dataset '", name, "' is not a simple array");
  std::vector<hsize_t> dims(static_cast<std::size_t>(rank));
  H5Sget_simple_extent_dims(space.get(), dims.data(), nullptr);
  // A corrupt file can declare any sizes: the product must not wrap (a small buffer that
  // H5Dread then overruns), and what it costs is bounded before allocating (chunked datasets
  // may be compressed, and deflate expands at most 1032:1; fill values aside, no honest
  // dataset is larger).
  const std::uint64_t file_size = std::filesystem::file_size(path);
  const std::uint64_t limit = std::max<std::uint64_t>(file_size, 1) * 1032;
  Shape shape;
  std::uint64_t count = 1;
  for (auto d : dims) {
    shape.push_back(static_cast<std::int64_t>(d));
    TG_CHECK(d == 0 || count <= limit / d, kWhere, "'", path, "': dataset '", name, "' declares the shape ",
             shape_to_string(shape), "..., more elements than a file of ", file_size, " bytes can hold");
    count *= d;
  }

  const H5T_class_t type_class = H5Tget_class(type.get());
  const std::size_t type_size = H5Tget_size(type.get());
  TG_CHECK(type_size > 0 && type_size <= 1024 && count <= limit / type_size, kWhere, "'", path, "': dataset '", name,
           "' of shape ", shape_to_string(shape), " with ", type_size, "-byte elements is larger than a file of ",
           file_size, " bytes can hold");
  check_layout(dataset.get(), path, name, space.get(), count * type_size, file_size, limit);

  std::string dtype;
  hid_t memory_type = -1;
  std::size_t element_size = 0;
  if (type_class == H5T_INTEGER && type_size == 1 && H5Tget_sign(type.get()) == H5T_SGN_NONE) {
    dtype = "uint8", memory_type = H5T_NATIVE_UINT8, element_size = 1;
  } else if (type_class == H5T_INTEGER) {
    dtype = "int64", memory_type = H5T_NATIVE_INT64, element_size = 8;
  } else if (type_class == H5T_FLOAT && type_size <= 4) {
    dtype = "float32", memory_type = H5T_NATIVE_FLOAT, element_size = 4;
  } else if (type_class == H5T_FLOAT) {
    dtype = "float64", memory_type = H5T_NATIVE_DOUBLE, element_size = 8;
  } else if (type_class == H5T_STRING && H5Tis_variable_str(type.get()) <= 0) {
    dtype = "string", memory_type = type.get(), element_size = type_size;
  } else {
    tapegrad::detail::fail(kWhere, "'", path, "': dataset '", name, "' has HDF5 type class ", int{type_class}, " of ",
                           type_size,
                           " bytes; only unsigned bytes, integers, floats and fixed-length "
                           "strings are read");
  }
  std::string out = dtype + '\0';
  append_int64(out, rank);
  for (auto d : shape) append_int64(out, d);
  const std::size_t header = out.size();
  out.resize(header + count * element_size);
  TG_CHECK(H5Dread(dataset.get(), memory_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, out.data() + header) >= 0, kWhere, "'",
           path, "': dataset '", name, "' cannot be read (truncated or corrupt file)");
  if (dtype == "string") {
    const std::string values = out.substr(header);
    out.resize(header);
    for (std::size_t i = 0; i < count; ++i) {
      const std::string s = values.substr(i * type_size, type_size);
      out += s.substr(0, s.find('\0')) + '\0';
    }
  }
  return out;
}

/// The dataset read_here encoded, as an Hdf5Array.
Hdf5Array decode_array(const std::string& name, const std::string& encoded) {
  Hdf5Array result;
  result.name = name;
  std::size_t at = encoded.find('\0');
  result.dtype = encoded.substr(0, at++);
  auto next_int64 = [&] {
    std::int64_t value;
    std::memcpy(&value, encoded.data() + at, sizeof value);
    at += sizeof value;
    return value;
  };
  const std::int64_t rank = next_int64();
  for (std::int64_t d = 0; d < rank; ++d) result.shape.push_back(next_int64());
  const char* values = encoded.data() + at;
  const std::size_t size = encoded.size() - at;
  if (result.dtype == "uint8") {
    result.bytes = ByteArray{result.shape, std::make_shared<std::vector<std::uint8_t>>(values, values + size)};
  } else if (result.dtype == "string") {
    result.strings = decode_names(encoded.substr(at));
  } else {
    const ScalarType dtype = result.dtype == "int64" ? kInt64 : result.dtype == "float32" ? kFloat32 : kFloat64;
    result.tensor = empty(result.shape, dtype);
    const std::size_t expected = static_cast<std::size_t>(result.tensor.numel()) * (dtype == kFloat32 ? 4 : 8);
    TG_CHECK(size == expected, kWhere, "dataset '", name, "': the reader process sent ", size, " bytes for ", expected);
    std::memcpy(result.tensor.data_ptr(), values, size);
  }
  return result;
}

/// Initialises libhdf5 once in this process, so that each child starts with it ready (its
/// set-up costs more than the fork). Nothing else of libhdf5 runs here.
void initialise_hdf5_once() {
  static std::once_flag once;
  std::call_once(once, [] { H5open(); });
}

}  // namespace

// libhdf5 runs only in children (child_process.hpp): a corrupt file that crashes it ends the
// child, and the caller gets a tapegrad::Error. That also makes these calls thread-safe
// without a lock, though Debian's serial libhdf5 is not: each child is one thread.
std::vector<std::string> hdf5_dataset_names(const std::string& path) {
  detail::require_file(path, kWhere);
  initialise_hdf5_once();
  return decode_names(
      detail::run_in_child_process([&] { return encode_names(names_here(path)); }, kWhere, "'" + path + "'"));
}

Hdf5Array read_hdf5(const std::string& path, const std::string& name) {
  detail::require_file(path, kWhere);
  initialise_hdf5_once();
  const std::string subject = "'" + path + "': dataset '" + name + "'";
  return decode_array(name, detail::run_in_child_process([&] { return read_here(path, name); }, kWhere, subject));
}

}  // namespace tapegrad::data
