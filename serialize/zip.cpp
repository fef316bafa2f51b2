// The subset of ZIP that .npz files use, written by hand rather than through libzip: .npz
// needs stored and deflated members and zip64, which take these few hundred lines over zlib,
// and keeping them here lets the reader check the whole central directory (unique names, no
// shared bytes, declared sizes against what the process can hold) before it inflates a byte.
// libzip 1.7 (Debian) would add a dependency, still needs those checks on top, and its
// write-through-a-temporary does not give the per-call names, stale-file cleanup and SIGXFSZ
// handling that file_io.cpp provides.
#include <tapegrad/serialize/zip.hpp>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <limits>
#include <set>

#include <zlib.h>

#include <tapegrad/autograd/error.hpp>

namespace tapegrad::serialize::detail {

using tapegrad::detail::fail;
namespace {

constexpr std::uint32_t kLocalSig = 0x04034b50;
constexpr std::uint32_t kCentralSig = 0x02014b50;
constexpr std::uint32_t kEndSig = 0x06054b50;
constexpr std::uint32_t kEnd64Sig = 0x06064b50;
constexpr std::uint32_t kEnd64LocatorSig = 0x07064b50;
constexpr std::size_t kLocalSize = 30, kCentralSize = 46, kEndSize = 22, kEnd64Size = 56, kLocatorSize = 20;
constexpr std::uint16_t kZip64ExtraId = 0x0001;
constexpr std::uint32_t k32 = 0xffffffffu;
constexpr std::uint16_t k16 = 0xffffu;
constexpr std::uint16_t kDosDate1980 = (0 << 9) | (1 << 5) | 1;  // 1980-01-01: reproducible bytes
constexpr std::uint16_t kFlagEncrypted = 0x0001, kFlagUtf8 = 0x0800;
constexpr std::uint16_t kStored = 0, kDeflated = 8;

std::uint32_t crc32_of(const std::string& data) {
  uLong crc = crc32(0L, Z_NULL, 0);
  const auto* p = reinterpret_cast<const Bytef*>(data.data());
  std::size_t left = data.size();
  while (left > 0) {  // zlib takes uInt lengths: feed >4 GiB members in chunks
    uInt n = static_cast<uInt>(std::min<std::size_t>(left, 1u << 30));
    crc = crc32(crc, p, n);
    p += n;
    left -= n;
  }
  return static_cast<std::uint32_t>(crc);
}

void put16(std::string& out, std::uint16_t v) {
  out += static_cast<char>(v & 0xff);
  out += static_cast<char>(v >> 8);
}
void put32(std::string& out, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) out += static_cast<char>((v >> (8 * i)) & 0xff);
}
void put64(std::string& out, std::uint64_t v) {
  for (int i = 0; i < 8; ++i) out += static_cast<char>((v >> (8 * i)) & 0xff);
}

// Bounds-checked little-endian reads: every offset in a zip comes from the file itself.
class Reader {
 public:
  Reader(const std::string& bytes, const std::string& where) : bytes_(bytes), where_(where) {}
  void need(std::uint64_t offset, std::uint64_t size, const char* what) const {
    TG_CHECK(offset <= bytes_.size() && size <= bytes_.size() - offset, where_.c_str(),
             "truncated or corrupt file: ", what, " at offset ", offset, " (", size,
             " bytes) runs past the end of the ", bytes_.size(), "-byte file");
  }
  std::uint64_t le(std::uint64_t offset, int size) const {
    std::uint64_t v = 0;
    for (int i = 0; i < size; ++i)
      v |= static_cast<std::uint64_t>(static_cast<unsigned char>(bytes_[offset + i])) << (8 * i);
    return v;
  }
  std::uint16_t u16(std::uint64_t o) const { return static_cast<std::uint16_t>(le(o, 2)); }
  std::uint32_t u32(std::uint64_t o) const { return static_cast<std::uint32_t>(le(o, 4)); }
  std::uint64_t u64(std::uint64_t o) const { return le(o, 8); }

 private:
  const std::string& bytes_;
  const std::string& where_;
};

std::string inflate_raw(const std::string& bytes, std::uint64_t offset, std::uint64_t compressed,
                        std::uint64_t expected, const std::string& where) {
  std::string out(static_cast<std::size_t>(expected), '\0');
  z_stream zs{};
  TG_CHECK(inflateInit2(&zs, -MAX_WBITS) == Z_OK, where.c_str(), "zlib inflateInit2 failed");
  std::uint64_t in_pos = 0;
  std::size_t out_pos = 0;
  int rc = Z_OK;
  char spare;  // lets inflate report "more output than the header promised"
  while (rc == Z_OK) {
    if (zs.avail_in == 0 && in_pos < compressed) {
      zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data() + offset + in_pos));
      zs.avail_in = static_cast<uInt>(std::min<std::uint64_t>(compressed - in_pos, 1u << 30));
      in_pos += zs.avail_in;
    }
    if (zs.avail_out == 0) {
      if (out_pos < out.size()) {
        zs.next_out = reinterpret_cast<Bytef*>(&out[out_pos]);
        zs.avail_out = static_cast<uInt>(std::min<std::size_t>(out.size() - out_pos, 1u << 30));
        out_pos += zs.avail_out;
      } else {
        zs.next_out = reinterpret_cast<Bytef*>(&spare);
        zs.avail_out = 1;
        out_pos += 1;
      }
    }
    rc = inflate(&zs, Z_NO_FLUSH);
    if (rc == Z_BUF_ERROR && zs.avail_in == 0 && in_pos == compressed) break;  // input ran out
  }
  std::uint64_t produced = zs.total_out;
  inflateEnd(&zs);
  TG_CHECK(rc == Z_STREAM_END, where.c_str(), "corrupt deflated member (zlib: ",
           rc == Z_DATA_ERROR  ? "invalid deflate data"
           : rc == Z_BUF_ERROR ? "stream ends early"
                               : "error",
           ")");
  TG_CHECK(produced == expected, where.c_str(), "deflated member inflates to ", produced, " bytes but its header says ",
           expected);
  return out;
}

}  // namespace

std::string write_zip(const std::vector<ZipEntry>& entries, bool force_zip64) {
  std::string out, central;
  for (const ZipEntry& e : entries) {
    std::uint64_t offset = out.size();
    std::uint64_t size = e.data.size();
    std::uint32_t crc = crc32_of(e.data);
    bool big = force_zip64 || size >= k32;
    bool far = force_zip64 || offset >= k32;
    bool ascii = std::all_of(e.name.begin(), e.name.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
    std::uint16_t flags = ascii ? 0 : kFlagUtf8;
    std::uint16_t needed = (big || far) ? 45 : 20;

    std::string local_extra;
    if (big) {
      put16(local_extra, kZip64ExtraId);
      put16(local_extra, 16);
      put64(local_extra, size);
      put64(local_extra, size);
    }
    put32(out, kLocalSig);
    put16(out, needed);
    put16(out, flags);
    put16(out, kStored);
    put16(out, 0);
    put16(out, kDosDate1980);
    put32(out, crc);
    put32(out, big ? k32 : static_cast<std::uint32_t>(size));
    put32(out, big ? k32 : static_cast<std::uint32_t>(size));
    put16(out, static_cast<std::uint16_t>(e.name.size()));
    put16(out, static_cast<std::uint16_t>(local_extra.size()));
    out += e.name;
    out += local_extra;
    out += e.data;

    std::string extra;
    if (big || far) {
      std::string fields;
      if (big) {
        put64(fields, size);
        put64(fields, size);
      }
      if (far) put64(fields, offset);
      put16(extra, kZip64ExtraId);
      put16(extra, static_cast<std::uint16_t>(fields.size()));
      extra += fields;
    }
    put32(central, kCentralSig);
    put16(central, (3 << 8) | 45);  // made by: Unix, spec 4.5
    put16(central, needed);
    put16(central, flags);
    put16(central, kStored);
    put16(central, 0);
    put16(central, kDosDate1980);
    put32(central, crc);
    put32(central, big ? k32 : static_cast<std::uint32_t>(size));
    put32(central, big ? k32 : static_cast<std::uint32_t>(size));
    put16(central, static_cast<std::uint16_t>(e.name.size()));
    put16(central, static_cast<std::uint16_t>(extra.size()));
    put16(central, 0);               // comment
    put16(central, 0);               // disk
    put16(central, 0);               // internal attributes
    put32(central, 0100644u << 16);  // regular file, rw-r--r--
    put32(central, far ? k32 : static_cast<std::uint32_t>(offset));
    central += e.name;
    central += extra;
  }

  std::uint64_t cd_offset = out.size(), cd_size = central.size(), count = entries.size();
  out += central;
  bool zip64 = force_zip64 || count >= k16 || cd_offset >= k32 || cd_size >= k32;
  if (zip64) {
    std::uint64_t end64_offset = out.size();
    put32(out, kEnd64Sig);
    put64(out, kEnd64Size - 12);
    put16(out, (3 << 8) | 45);
    put16(out, 45);
    put32(out, 0);
    put32(out, 0);
    put64(out, count);
    put64(out, count);
    put64(out, cd_size);
    put64(out, cd_offset);
    put32(out, kEnd64LocatorSig);
    put32(out, 0);
    put64(out, end64_offset);
    put32(out, 1);
  }
  put32(out, kEndSig);
  put16(out, 0);
  put16(out, 0);
  put16(out, zip64 ? k16 : static_cast<std::uint16_t>(count));
  put16(out, zip64 ? k16 : static_cast<std::uint16_t>(count));
  put32(out, zip64 ? k32 : static_cast<std::uint32_t>(cd_size));
  put32(out, zip64 ? k32 : static_cast<std::uint32_t>(cd_offset));
  put16(out, 0);
  return out;
}

std::vector<ZipMember> read_zip_directory(const std::string& bytes, const std::string& where,
                                          std::uint64_t max_total_size) {
  const char* w = where.c_str();
  Reader r(bytes, where);

  // The end record sits in the last 22 + 65535 (comment) bytes; scan back for its signature
  // and accept the first one whose comment length reaches exactly the end of the file.
  TG_CHECK(bytes.size() >= kEndSize, w, "not a zip/.npz archive: only ", bytes.size(), " bytes (truncated?)");
  std::uint64_t end = std::string::npos;
  std::uint64_t lowest = bytes.size() >= kEndSize + 0xffff ? bytes.size() - kEndSize - 0xffff : 0;
  for (std::uint64_t p = bytes.size() - kEndSize + 1; p-- > lowest;) {
    if (r.u32(p) == kEndSig && p + kEndSize + r.u16(p + 20) == bytes.size()) {
      end = p;
      break;
    }
  }
  TG_CHECK(end != std::string::npos, w,
           "not a zip/.npz archive, or truncated: no end-of-central-directory record in the last bytes");
  TG_CHECK(r.u16(end + 4) == 0 && r.u16(end + 6) == 0 && r.u16(end + 8) == r.u16(end + 10), w,
           "multi-disk zip archives are not supported");
  std::uint64_t count = r.u16(end + 10);
  std::uint64_t cd_size = r.u32(end + 12);
  std::uint64_t cd_offset = r.u32(end + 16);
  std::uint64_t cd_limit = end;  // the central directory must end before the end record(s)
  if (count == k16 || cd_size == k32 || cd_offset == k32 || r.u16(end + 8) == k16) {
    if (end >= kLocatorSize && r.u32(end - kLocatorSize) == kEnd64LocatorSig) {
      std::uint64_t e64 = r.u64(end - kLocatorSize + 8);
      r.need(e64, kEnd64Size, "zip64 end-of-central-directory record");
      TG_CHECK(r.u32(e64) == kEnd64Sig, w, "corrupt zip64 end-of-central-directory record (bad signature)");
      TG_CHECK(e64 + kEnd64Size <= end - kLocatorSize, w, "corrupt zip64 end-of-central-directory record (bad offset)");
      count = r.u64(e64 + 32);
      cd_size = r.u64(e64 + 40);
      cd_offset = r.u64(e64 + 48);
      cd_limit = e64;
    }
  }
  TG_CHECK(cd_offset <= cd_limit && cd_size == cd_limit - cd_offset, w, "corrupt central directory: ", cd_size,
           " bytes at offset ", cd_offset, " do not end at the end record (offset ", cd_limit, ")");
  // Each central entry needs at least 46 bytes: a count the directory cannot hold is corrupt.
  TG_CHECK(count <= cd_size / kCentralSize, w, "corrupt central directory: ", count, " entries cannot fit in ", cd_size,
           " bytes");

  std::vector<ZipMember> members;
  members.reserve(static_cast<std::size_t>(count));
  std::set<std::string> names;
  std::uint64_t total = 0;
  std::uint64_t p = cd_offset;
  for (std::uint64_t i = 0; i < count; ++i) {
    r.need(p, kCentralSize, "central directory entry");
    TG_CHECK(p + kCentralSize <= cd_limit && r.u32(p) == kCentralSig, w, "corrupt central directory: entry ", i,
             " at offset ", p, " has a bad signature");
    std::uint16_t flags = r.u16(p + 8);
    std::uint16_t method = r.u16(p + 10);
    std::uint32_t crc = r.u32(p + 16);
    std::uint64_t comp = r.u32(p + 20);
    std::uint64_t size = r.u32(p + 24);
    std::uint64_t name_len = r.u16(p + 28), extra_len = r.u16(p + 30), comment_len = r.u16(p + 32);
    std::uint64_t local = r.u32(p + 42);
    std::uint64_t next = p + kCentralSize + name_len + extra_len + comment_len;
    TG_CHECK(next <= cd_limit, w, "corrupt central directory: entry ", i, " runs past the directory's end");
    std::string name = bytes.substr(p + kCentralSize, name_len);
    std::string member = where + ": member '" + name + "'";
    const char* m = member.c_str();
    // Before any member is read: a name listed twice is either an ambiguous archive or many
    // directory entries aimed at one member to multiply its inflated size.
    TG_CHECK(names.insert(name).second, m, "appears twice in the archive");

    // Zip64 extended information: 64-bit values for exactly those fields saturated at 0xffffffff.
    for (std::uint64_t x = p + kCentralSize + name_len, x_end = x + extra_len; x + 4 <= x_end;) {
      std::uint16_t id = r.u16(x), len = r.u16(x + 2);
      TG_CHECK(x + 4 + len <= x_end, m, "corrupt extra field in the central directory");
      if (id == kZip64ExtraId) {
        std::uint64_t f = x + 4, f_end = f + len;
        auto take = [&](std::uint64_t& field) {
          if (field != k32) return;
          TG_CHECK(f + 8 <= f_end, m, "zip64 extra field is too short");
          field = r.u64(f);
          f += 8;
        };
        take(size);
        take(comp);
        take(local);
      }
      x += 4 + len;
    }
    TG_CHECK(!(flags & kFlagEncrypted), m, "encrypted members are not supported");
    TG_CHECK(method == kStored || method == kDeflated, m, "unsupported compression method ", method,
             " (tapegrad reads stored and deflated members)");

    r.need(local, kLocalSize, "local file header");
    TG_CHECK(r.u32(local) == kLocalSig, m, "bad local file header signature at offset ", local);
    std::uint64_t local_name_len = r.u16(local + 26), local_extra_len = r.u16(local + 28);
    r.need(local + kLocalSize, local_name_len, "local file name");
    TG_CHECK(bytes.compare(local + kLocalSize, local_name_len, name) == 0 && local_name_len == name_len, m,
             "local header names a different file, '", bytes.substr(local + kLocalSize, local_name_len), "'");
    // The central directory is authoritative; a local header that contradicts it is corrupt.
    // (With a data descriptor, bit 3, the local CRC and sizes are legitimately zero.)
    std::uint16_t local_flags = r.u16(local + 6);
    std::uint32_t local_comp = r.u32(local + 18), local_size = r.u32(local + 22);
    TG_CHECK(r.u16(local + 8) == method &&
                 ((local_flags & 0x0008) || (r.u32(local + 14) == crc && (local_comp == k32 || local_comp == comp) &&
                                             (local_size == k32 || local_size == size))),
             m, "local file header disagrees with the central directory (method, CRC-32 or sizes)");
    std::uint64_t data = local + kLocalSize + local_name_len + local_extra_len;
    r.need(data, comp, "member data");
    TG_CHECK(data + comp <= cd_offset, m, "data overlaps the central directory (corrupt sizes)");
    if (method == kStored) {
      TG_CHECK(comp == size, m, "stored member has compressed size ", comp, " but size ", size);
    } else {
      // Deflate cannot expand by more than ~1032:1; a larger claim is a corrupt header, and
      // refusing it keeps a hostile size from allocating gigabytes.
      TG_CHECK(size <= comp * 1032 + 64, m, "corrupt deflated member: claims ", size, " bytes from ", comp,
               " compressed");
    }
    total += size;  // cannot wrap: each size is at most ~1032 times a part of the file
    TG_CHECK(total <= max_total_size, m, "the members declare ", total, " bytes in total so far, more than the ",
             max_total_size, " bytes this process can hold");
    members.push_back({std::move(name), local, data, comp, size, method, crc});
    p = next;
  }

  // Members must not share bytes: overlapping members (a zip bomb's other trick) would let a
  // small file inflate the same data many times.
  std::vector<const ZipMember*> by_offset;
  for (const ZipMember& member : members) by_offset.push_back(&member);
  std::sort(by_offset.begin(), by_offset.end(),
            [](const ZipMember* a, const ZipMember* b) { return a->header_offset < b->header_offset; });
  for (std::size_t i = 1; i < by_offset.size(); ++i) {
    const ZipMember& before = *by_offset[i - 1];
    const ZipMember& after = *by_offset[i];
    TG_CHECK(before.data_offset + before.compressed_size <= after.header_offset, w, "corrupt archive: member '",
             before.name, "' overlaps member '", after.name, "'");
  }
  return members;
}

std::string read_zip_member(const std::string& bytes, const ZipMember& member, const std::string& where) {
  std::string label = where + ": member '" + member.name + "'";
  const char* m = label.c_str();
  Reader(bytes, where).need(member.data_offset, member.compressed_size, "member data");
  std::string data = member.method == kStored
                         ? bytes.substr(member.data_offset, member.size)
                         : inflate_raw(bytes, member.data_offset, member.compressed_size, member.size, label);
  std::uint32_t actual = crc32_of(data);
  if (actual != member.crc) {
    char text[64];
    std::snprintf(text, sizeof text, "stored 0x%08x, computed 0x%08x", member.crc, actual);
    fail(m, "CRC-32 mismatch (", text, "): the file is corrupt");
  }
  return data;
}

std::vector<ZipEntry> read_zip(const std::string& bytes, const std::string& where) {
  std::vector<ZipEntry> entries;
  for (const ZipMember& member : read_zip_directory(bytes, where))
    entries.push_back({member.name, read_zip_member(bytes, member, where)});
  return entries;
}

}  // namespace tapegrad::serialize::detail
