// Archives built to make the reader do far more work than the file's size: the reader refuses
// them from the central directory alone, before inflating anything, in well under a second.
#include <zlib.h>

#include <chrono>
#include <cstring>

#include <boost/test/unit_test.hpp>

#include <tapegrad/autograd/autograd.hpp>
#include <tapegrad/serialize/file_io.hpp>
#include <tapegrad/serialize/npy.hpp>
#include <tapegrad/serialize/serialize.hpp>
#include <tapegrad/serialize/zip.hpp>

#include "serialize_test_utils.hpp"

namespace tg = tapegrad;
namespace sd = tapegrad::serialize::detail;
using serialize_test::TempDir;

namespace {

void add16(std::string& out, std::uint32_t v) {
  out += static_cast<char>(v & 0xff);
  out += static_cast<char>((v >> 8) & 0xff);
}
void add32(std::string& out, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) out += static_cast<char>((v >> (8 * i)) & 0xff);
}

std::uint32_t crc_of(const std::string& data) {
  return static_cast<std::uint32_t>(
      crc32(crc32(0L, Z_NULL, 0), reinterpret_cast<const Bytef*>(data.data()), static_cast<uInt>(data.size())));
}

std::string raw_deflate(const std::string& data) {
  z_stream zs{};
  BOOST_REQUIRE(deflateInit2(&zs, 9, Z_DEFLATED, -MAX_WBITS, 9, Z_DEFAULT_STRATEGY) == Z_OK);
  std::string out(deflateBound(&zs, data.size()), '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  zs.next_out = reinterpret_cast<Bytef*>(&out[0]);
  zs.avail_out = static_cast<uInt>(out.size());
  BOOST_REQUIRE(deflate(&zs, Z_FINISH) == Z_STREAM_END);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  return out;
}

// One zip record, local or central, for a member whose data is described by the arguments.
struct Record {
  std::string name;
  std::uint16_t method;
  std::uint32_t crc, compressed, size, local_offset;
};

std::string local_header(const Record& r) {
  std::string out;
  add32(out, 0x04034b50);
  add16(out, 20);
  add16(out, 0);
  add16(out, r.method);
  add16(out, 0);
  add16(out, 0x21);
  add32(out, r.crc);
  add32(out, r.compressed);
  add32(out, r.size);
  add16(out, static_cast<std::uint16_t>(r.name.size()));
  add16(out, 0);
  return out + r.name;
}

std::string central_header(const Record& r) {
  std::string out;
  add32(out, 0x02014b50);
  add16(out, (3 << 8) | 20);
  add16(out, 20);
  add16(out, 0);
  add16(out, r.method);
  add16(out, 0);
  add16(out, 0x21);
  add32(out, r.crc);
  add32(out, r.compressed);
  add32(out, r.size);
  add16(out, static_cast<std::uint16_t>(r.name.size()));
  add16(out, 0);
  add16(out, 0);
  add16(out, 0);
  add16(out, 0);
  add32(out, 0);
  add32(out, r.local_offset);
  return out + r.name;
}

std::string end_record(std::size_t count, std::size_t cd_size, std::size_t cd_offset) {
  std::string out;
  add32(out, 0x06054b50);
  add16(out, 0);
  add16(out, 0);
  add16(out, static_cast<std::uint16_t>(count));
  add16(out, static_cast<std::uint16_t>(count));
  add32(out, static_cast<std::uint32_t>(cd_size));
  add32(out, static_cast<std::uint32_t>(cd_offset));
  add16(out, 0);
  return out;
}

template <typename F>
double seconds(F&& f) {
  auto start = std::chrono::steady_clock::now();
  f();
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

BOOST_AUTO_TEST_SUITE(load_tensors_of_a_hostile_archive)

BOOST_AUTO_TEST_CASE(refuses_300_directory_entries_aimed_at_one_member_before_inflating_it) {
  // The file: one deflated 19 MB member, listed 300 times by the central directory, so
  // a reader that inflates every entry allocates 5.8 GB from 78 KB.
  std::string payload = sd::encode_npy(tg::kFloat32, {19 * 1024 * 1024 / 4}, std::string(19 * 1024 * 1024, '\0'));
  std::string packed = raw_deflate(payload);
  Record member{"w.npy",
                8,
                crc_of(payload),
                static_cast<std::uint32_t>(packed.size()),
                static_cast<std::uint32_t>(payload.size()),
                0};
  std::string bytes = local_header(member) + packed;
  std::string central;
  for (int i = 0; i < 300; ++i) central += central_header(member);
  std::size_t cd_offset = bytes.size();
  bytes += central + end_record(300, central.size(), cd_offset);
  BOOST_TEST_MESSAGE("hostile archive: " << bytes.size() << " bytes");
  BOOST_CHECK_LT(bytes.size(), 100u * 1024);

  TempDir dir;
  std::string path = dir.file("bomb.npz");
  serialize_test::write_bytes(path, bytes);
  double took = seconds([&] {
    TG_CHECK_THROWS_WITH(tg::load_tensors(path),
                         "load_tensors: '" + path + "': member 'w.npy': ", "appears twice in the archive");
  });
  BOOST_CHECK_LT(took, 0.2);  // the directory alone decides; the member is never inflated
}

BOOST_AUTO_TEST_CASE(refuses_members_that_share_bytes) {
  // 200 stored members whose data all run to the end of the file, over each other's headers:
  // distinct names, each local header consistent with its directory entry, and together they
  // would copy the 256 KB tail 200 times.
  const int n = 200;
  std::string tail = sd::encode_npy(tg::kFloat32, {64 * 1024}, std::string(256 * 1024, '\0'));
  std::vector<std::string> names;
  for (int i = 0; i < n; ++i) names.push_back("m" + std::to_string(1000 + i) + ".npy");
  std::size_t header_size = local_header({names[0], 0, 0, 0, 0, 0}).size();  // all names have one length
  // Built back to front: member i's data is every later header followed by the tail.
  std::string image = tail;
  std::vector<Record> records(n);
  for (int i = n; i-- > 0;) {
    records[i] = {names[i],
                  0,
                  crc_of(image),
                  static_cast<std::uint32_t>(image.size()),
                  static_cast<std::uint32_t>(image.size()),
                  static_cast<std::uint32_t>(i * header_size)};
    image = local_header(records[i]) + image;
  }
  std::string central;
  for (const Record& r : records) central += central_header(r);
  std::string bytes = image + central + end_record(n, central.size(), image.size());

  TempDir dir;
  std::string path = dir.file("overlap.npz");
  serialize_test::write_bytes(path, bytes);
  double took = seconds([&] {
    TG_CHECK_THROWS_WITH(tg::load_tensors(path), "load_tensors: '" + path + "': corrupt archive: member 'm1000.npy'",
                         "overlaps member 'm1001.npy'");
  });
  BOOST_CHECK_LT(took, 0.2);
}

BOOST_AUTO_TEST_CASE(refuses_an_archive_declaring_more_than_the_caller_can_hold) {
  TempDir dir;
  tg::save_tensors({{"a", tg::zeros({100})}, {"b", tg::zeros({100})}}, dir.file("c.npz"));
  std::string bytes = serialize_test::read_bytes(dir.file("c.npz"));
  BOOST_CHECK_EQUAL(sd::tensors_from_npz(bytes, "x", 1056).size(), 2u);  // 2 members of 528 bytes
  TG_CHECK_THROWS_WITH(sd::tensors_from_npz(bytes, "x", 1000), "x: member 'b.npy': the members declare 1056 bytes",
                       "more than the 1000 bytes this process can hold");
  BOOST_CHECK_GT(sd::loadable_bytes(), 1u << 20);
}

BOOST_AUTO_TEST_CASE(refuses_a_deflated_member_claiming_more_than_deflate_can_expand) {
  std::string payload = sd::encode_npy(tg::kFloat32, {4}, std::string(16, '\0'));
  std::string packed = raw_deflate(payload);
  Record member{"w.npy", 8, crc_of(payload), static_cast<std::uint32_t>(packed.size()), 0xfffffff0u, 0};
  std::string bytes = local_header(member) + packed;
  std::string central = central_header(member);
  bytes += central + end_record(1, central.size(), bytes.size());
  TempDir dir;
  std::string path = dir.file("claims.npz");
  serialize_test::write_bytes(path, bytes);
  double took = seconds([&] {
    TG_CHECK_THROWS_WITH(tg::load_tensors(path), "load_tensors: '" + path + "': member 'w.npy': ",
                         "corrupt deflated member: claims 4294967280 bytes");
  });
  BOOST_CHECK_LT(took, 0.2);
}

BOOST_AUTO_TEST_SUITE_END()
