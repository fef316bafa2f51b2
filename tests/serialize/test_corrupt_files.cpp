// load_tensors on files that are missing, truncated, corrupted or not what tapegrad writes:
// always a tapegrad::Error naming the file and the problem, never a crash or a partial result.
#include <cstring>

#include <boost/test/unit_test.hpp>

#include <tapegrad/autograd/autograd.hpp>
#include <tapegrad/serialize/serialize.hpp>
#include <tapegrad/serialize/zip.hpp>

#include "serialize_test_utils.hpp"

namespace tg = tapegrad;
namespace sd = tapegrad::serialize::detail;
using serialize_test::TempDir;

namespace {

// A valid checkpoint image with two stored members, and where its parts are.
struct Checkpoint {
  std::string bytes;
  std::size_t central;  // offset of the central directory
  Checkpoint() {
    TempDir dir;
    tg::save_tensors({{"w", tg::arange(6.0).reshape({2, 3})}, {"b", tg::ones({3}, tg::kFloat64)}}, dir.file("c.npz"));
    bytes = serialize_test::read_bytes(dir.file("c.npz"));
    central = bytes.find(std::string("PK\x01\x02", 4));
    BOOST_REQUIRE(central != std::string::npos);
  }
};

// A .npy file from a hand-written header dict, padded as numpy pads it.
std::string npy(const std::string& dict, const std::string& data, int major = 1) {
  std::string header = dict;
  std::size_t prefix = major == 1 ? 10 : 12;
  header.append(63 - (prefix + header.size()) % 64, ' ');
  header += '\n';
  std::string out("\x93NUMPY", 6);
  out += static_cast<char>(major);
  out += '\0';
  for (std::size_t i = 0; i < prefix - 8; ++i) out += static_cast<char>((header.size() >> (8 * i)) & 0xff);
  return out + header + data;
}

const std::string kSixFloats(24, '\0');

// Writes a zip holding the given members (with correct CRCs) and expects load_tensors to fail
// with a message naming the file, the member and `problem`.
void expect_rejected(const std::vector<sd::ZipEntry>& members, const std::string& member, const std::string& problem) {
  TempDir dir;
  std::string path = dir.file("m.npz");
  serialize_test::write_bytes(path, sd::write_zip(members));
  TG_CHECK_THROWS_WITH(tg::load_tensors(path), "load_tensors: '" + path + "': member '" + member + "': ", problem);
}

void expect_npy_rejected(const std::string& npy_bytes, const std::string& problem) {
  expect_rejected(
      {{"ok.npy", npy("{'descr': '<f4', 'fortran_order': False, 'shape': (6,), }", kSixFloats)}, {"w.npy", npy_bytes}},
      "w.npy", problem);
}

void expect_file_rejected(const std::string& bytes, const std::string& problem) {
  TempDir dir;
  std::string path = dir.file("bad.npz");
  serialize_test::write_bytes(path, bytes);
  TG_CHECK_THROWS_WITH(tg::load_tensors(path), "load_tensors: '" + path + "'", problem);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(load_tensors_of_a_bad_path)

BOOST_AUTO_TEST_CASE(says_a_missing_file_cannot_be_opened) {
  TempDir dir;
  std::string path = dir.file("missing.npz");
  TG_CHECK_THROWS_WITH(tg::load_tensors(path), "load_tensors: cannot open '" + path + "': No such file or directory");
}

BOOST_AUTO_TEST_CASE(says_a_folder_is_not_a_regular_file) {
  TempDir dir;
  TG_CHECK_THROWS_WITH(tg::load_tensors(dir.path.string()),
                       "load_tensors: '" + dir.path.string() + "' is not a regular file");
}

BOOST_AUTO_TEST_CASE(says_an_empty_or_text_file_is_not_an_npz_archive) {
  expect_file_rejected("", "not a zip/.npz archive: only 0 bytes");
  expect_file_rejected("w,b\n1,2\n3,4\nthis is a CSV file, not a checkpoint\n", "not a zip/.npz archive, or truncated");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(load_tensors_of_a_damaged_archive)

BOOST_AUTO_TEST_CASE(rejects_the_file_truncated_at_every_length) {
  Checkpoint c;
  TempDir dir;
  std::string path = dir.file("t.npz");
  int rejected = 0;
  for (std::size_t n = 0; n < c.bytes.size(); ++n) {
    serialize_test::write_bytes(path, c.bytes.substr(0, n));
    try {
      tg::load_tensors(path);
      BOOST_ERROR("a checkpoint truncated to " << n << " of " << c.bytes.size() << " bytes was accepted");
    } catch (const tg::Error& e) {
      BOOST_CHECK_MESSAGE(std::string(e.what()).rfind("load_tensors: '" + path + "': ", 0) == 0, e.what());
      ++rejected;
    }
  }
  BOOST_CHECK_EQUAL(rejected, static_cast<int>(c.bytes.size()));
}

BOOST_AUTO_TEST_CASE(says_which_record_a_truncated_file_lacks) {
  Checkpoint c;
  expect_file_rejected(c.bytes.substr(0, c.bytes.size() - 1), "no end-of-central-directory record");
  expect_file_rejected(c.bytes.substr(0, c.bytes.size() / 2), "no end-of-central-directory record");
  expect_file_rejected(c.bytes.substr(0, 10), "not a zip/.npz archive: only 10 bytes");
}

BOOST_AUTO_TEST_CASE(detects_a_flipped_data_byte_by_its_crc) {
  Checkpoint c;
  std::string bad = c.bytes;
  bad[c.central - 5] ^= 0x01;  // inside the last member's float64 payload
  expect_file_rejected(bad, "member 'b.npy': CRC-32 mismatch (stored 0x");
}

BOOST_AUTO_TEST_CASE(detects_a_flipped_byte_in_the_stored_crc) {
  Checkpoint c;
  std::string bad = c.bytes;
  bad[14] ^= 0x10;              // CRC-32 of the first member in its local header...
  bad[c.central + 16] ^= 0x10;  // ...and in the central directory
  expect_file_rejected(bad, "member 'w.npy': CRC-32 mismatch");

  std::string central_only = c.bytes;
  central_only[c.central + 16] ^= 0x10;
  expect_file_rejected(central_only, "member 'w.npy': local file header disagrees with the central directory");
}

BOOST_AUTO_TEST_CASE(detects_a_flipped_byte_in_an_npy_header_by_its_crc) {
  Checkpoint c;
  std::string bad = c.bytes;
  std::size_t descr = bad.find("'<f4'");
  BOOST_REQUIRE(descr != std::string::npos);
  bad[descr + 2] = 'i';  // '<i4': caught by the CRC before the dtype is even read
  expect_file_rejected(bad, "member 'w.npy': CRC-32 mismatch");
}

BOOST_AUTO_TEST_CASE(rejects_corrupt_signatures_offsets_and_sizes) {
  Checkpoint c;
  std::string bad = c.bytes;
  bad[0] = 'X';  // local header signature of the first member
  expect_file_rejected(bad, "member 'w.npy': bad local file header signature at offset 0");

  bad = c.bytes;
  bad[c.central] = 'X';
  expect_file_rejected(
      bad, "corrupt central directory: entry 0 at offset " + std::to_string(c.central) + " has a bad signature");

  bad = c.bytes;
  serialize_test::put_u32(bad, bad.size() - 6, static_cast<std::uint32_t>(c.central + 1));  // directory offset
  expect_file_rejected(bad, "corrupt central directory");

  bad = c.bytes;
  serialize_test::put_u32(bad, c.central + 42, 0x7fffffff);  // first member's local header offset
  expect_file_rejected(bad, "truncated or corrupt file: local file header at offset 2147483647");

  bad = c.bytes;
  serialize_test::put_u32(bad, c.central + 20, 100);  // compressed size, in both headers
  serialize_test::put_u32(bad, 18, 100);
  expect_file_rejected(bad, "member 'w.npy': stored member has compressed size 100 but size 152");
}

BOOST_AUTO_TEST_CASE(rejects_unsupported_compression_and_encryption) {
  Checkpoint c;
  std::string bad = c.bytes;
  serialize_test::put_u16(bad, 8, 12);  // bzip2, in both headers
  serialize_test::put_u16(bad, c.central + 10, 12);
  expect_file_rejected(bad, "member 'w.npy': unsupported compression method 12");

  bad = c.bytes;
  serialize_test::put_u16(bad, c.central + 8, 1);  // encrypted
  expect_file_rejected(bad, "member 'w.npy': encrypted members are not supported");
}

BOOST_AUTO_TEST_CASE(rejects_a_corrupt_deflate_stream) {
  std::string bytes =
      serialize_test::read_bytes(std::string(TAPEGRAD_FIXTURES_DIR) + "/serialize/numpy_savez_compressed.npz");
  // Overwrite the middle of the first member's compressed data with garbage.
  std::uint16_t name_len = static_cast<unsigned char>(bytes[26]) | (static_cast<unsigned char>(bytes[27]) << 8);
  std::uint16_t extra_len = static_cast<unsigned char>(bytes[28]) | (static_cast<unsigned char>(bytes[29]) << 8);
  std::size_t data = 30 + name_len + extra_len;
  for (std::size_t i = data + 4; i < data + 24; ++i) bytes[i] = static_cast<char>(0xff);
  expect_file_rejected(bytes, "member 'a.npy': ");
  expect_file_rejected(bytes, "deflate");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(load_tensors_of_a_bad_npy_member)

BOOST_AUTO_TEST_CASE(accepts_the_hand_written_reference_member) {
  // Guards the tests below: with nothing wrong, the same construction loads.
  TempDir dir;
  serialize_test::write_bytes(
      dir.file("ok.npz"),
      sd::write_zip({{"w.npy", npy("{'shape': (2, 3), \"fortran_order\": False, 'descr': '<f4'}", kSixFloats)},
                     {"v2.npy", npy("{'descr': '<f4', 'fortran_order': False, 'shape': (6,), }", kSixFloats, 2)}}));
  auto loaded = tg::load_tensors(dir.file("ok.npz"));
  BOOST_REQUIRE_EQUAL(loaded.size(), 2u);
  BOOST_CHECK(loaded[0].second.shape() == (tg::Shape{2, 3}));
  BOOST_CHECK(loaded[1].second.shape() == (tg::Shape{6}));
}

BOOST_AUTO_TEST_CASE(rejects_a_bad_magic_or_version) {
  expect_npy_rejected("not an npy file at all", "not a .npy array (bad magic");
  std::string v4 = npy("{'descr': '<f4', 'fortran_order': False, 'shape': (6,), }", kSixFloats);
  v4[6] = 4;
  expect_npy_rejected(v4, "unsupported .npy format version 4.0");
  std::string long_header = npy("{'descr': '<f4', 'fortran_order': False, 'shape': (6,), }", "");
  long_header[9] = 0x7f;  // header length far past the end
  expect_npy_rejected(long_header, "truncated .npy header");
}

BOOST_AUTO_TEST_CASE(rejects_dtypes_tapegrad_does_not_hold) {
  expect_npy_rejected(
      npy("{'descr': '<f2', 'fortran_order': False, 'shape': (12,), }", kSixFloats),
      "unsupported dtype '<f2' (tapegrad reads '<f4', '<f8', '<i8', '<i4', '<i2', '|i1', '|u1' and '|b1')");
  expect_npy_rejected(npy("{'descr': '<u4', 'fortran_order': False, 'shape': (6,), }", kSixFloats),
                      "unsupported dtype '<u4'");
  expect_npy_rejected(npy("{'descr': '>f4', 'fortran_order': False, 'shape': (6,), }", kSixFloats),
                      "unsupported dtype '>f4'");
  // A bool array may hold only the bytes 0 and 1 (any other is not a valid C++ bool).
  expect_npy_rejected(npy("{'descr': '|b1', 'fortran_order': False, 'shape': (3,), }", std::string("\x01\x00\x02", 3)),
                      "bool array holds the byte 2");
}

BOOST_AUTO_TEST_CASE(rejects_malformed_header_dicts) {
  expect_npy_rejected(npy("{'descr': '<f4', 'fortran_order': False}", kSixFloats), ".npy header lacks 'shape'");
  expect_npy_rejected(npy("{'descr': '<f4', 'fortran_order': False, 'shape': (6,), 'x': True}", kSixFloats),
                      ".npy header has an unexpected key 'x'");
  expect_npy_rejected(npy("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3 }", kSixFloats),
                      "malformed .npy header (expected ')'");
  expect_npy_rejected(npy("{'descr': '<f4', 'fortran_order': False, 'shape': (6) }", kSixFloats),
                      "a one-element shape needs a trailing comma");
  expect_npy_rejected(npy("{'descr': '<f4', 'fortran_order': False, 'shape': (-6,) }", kSixFloats),
                      "expected a non-negative integer");
  expect_npy_rejected(npy("{'descr': '<f4', 'fortran_order': False, 'shape': (99999999999999999999,) }", kSixFloats),
                      "dimension too large");
  expect_npy_rejected(npy("{'descr': '<f4', 'fortran_order': 'no', 'shape': (6,) }", kSixFloats),
                      "'fortran_order' must be True or False");
  expect_npy_rejected(npy("{'descr': '<f4', 'fortran_order': False, 'shape': (6,) } extra", kSixFloats),
                      "unexpected text after the dict");
}

BOOST_AUTO_TEST_CASE(rejects_a_payload_whose_size_disagrees_with_the_shape) {
  expect_npy_rejected(npy("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }", std::string(20, '\0')),
                      "shape [2,3] of <f4 needs 24 data bytes but the array holds 20");
  expect_npy_rejected(npy("{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }", kSixFloats),
                      "shape [2,3] of <f8 needs 48 data bytes but the array holds 24");
  expect_npy_rejected(
      npy("{'descr': '<f8', 'fortran_order': False, 'shape': (4294967296, 4294967296, 4294967296), }", kSixFloats),
      "is too large");
}

BOOST_AUTO_TEST_CASE(rejects_members_that_are_not_npy_arrays_or_appear_twice) {
  std::string ok = npy("{'descr': '<f4', 'fortran_order': False, 'shape': (6,), }", kSixFloats);
  expect_rejected({{"w.npy", ok}, {"notes.txt", "hello"}}, "notes.txt",
                  "is not a .npy array (a checkpoint holds only '<name>.npy' members)");
  expect_rejected({{"w.npy", ok}, {"w.npy", ok}}, "w.npy", "appears twice in the archive");
}

BOOST_AUTO_TEST_SUITE_END()
