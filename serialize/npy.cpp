#include <tapegrad/serialize/npy.hpp>

#include <cctype>
#include <cstring>
#include <limits>
#include <optional>

#include <tapegrad/autograd/error.hpp>

namespace tapegrad::serialize::detail {

using tapegrad::detail::fail;

// .npy stores little-endian data; we copy element bytes verbatim, so the host must match.
static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "tapegrad serialize assumes a little-endian host");

namespace {

constexpr char kMagic[] = "\x93NUMPY";
constexpr std::size_t kMagicSize = 6;
constexpr std::size_t kAlign = 64;  // numpy >= 1.20 aligns the data to 64 bytes

std::size_t itemsize(Dtype dtype) { return element_size(dtype); }

// A recursive-descent reader for the one Python literal a .npy header holds: a dict of
// str keys to str, bool or tuple-of-int values. numpy uses ast.literal_eval; this accepts
// the same spellings numpy writes (either quote, trailing commas, spaces anywhere).
class HeaderParser {
 public:
  HeaderParser(const std::string& text, const std::string& where) : text_(text), where_(where) {}

  struct Value {
    std::optional<std::string> str;
    std::optional<bool> boolean;
    std::optional<Shape> tuple;
  };

  std::vector<std::pair<std::string, Value>> dict() {
    std::vector<std::pair<std::string, Value>> items;
    expect('{');
    while (!peek('}')) {
      std::string key = string();
      expect(':');
      items.emplace_back(std::move(key), value());
      if (!peek('}')) expect(',');
    }
    expect('}');
    skip_space();
    if (pos_ != text_.size()) bad("unexpected text after the dict");
    return items;
  }

 private:
  [[noreturn]] void bad(const std::string& what) {
    // Quote the header, but not a corrupt multi-megabyte one.
    fail(where_.c_str(), "malformed .npy header (", what, " at offset ", pos_,
         "): ", text_.size() <= 200 ? text_ : text_.substr(0, 200) + "...");
  }
  void skip_space() {
    while (pos_ < text_.size() && std::isspace(static_cast<unsigned char>(text_[pos_]))) ++pos_;
  }
  bool peek(char c) {
    skip_space();
    return pos_ < text_.size() && text_[pos_] == c;
  }
  void expect(char c) {
    if (!peek(c)) bad(std::string("expected '") + c + "'");
    ++pos_;
  }
  std::string string() {
    skip_space();
    if (pos_ >= text_.size() || (text_[pos_] != '\'' && text_[pos_] != '"')) bad("expected a string");
    char quote = text_[pos_++];
    std::size_t end = text_.find(quote, pos_);
    if (end == std::string::npos) bad("unterminated string");
    std::string s = text_.substr(pos_, end - pos_);
    pos_ = end + 1;
    return s;
  }
  std::int64_t integer() {
    skip_space();
    std::size_t start = pos_;
    std::uint64_t v = 0;
    while (pos_ < text_.size() && std::isdigit(static_cast<unsigned char>(text_[pos_]))) {
      auto digit = static_cast<std::uint64_t>(text_[pos_] - '0');
      if (v > (static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()) - digit) / 10)
        bad("dimension too large");
      v = v * 10 + digit;
      ++pos_;
    }
    if (pos_ == start) bad("expected a non-negative integer");
    if (pos_ < text_.size() && text_[pos_] == 'L') ++pos_;  // Python 2 longs in old files
    return static_cast<std::int64_t>(v);
  }
  Value value() {
    Value v;
    skip_space();
    if (peek('\'') || peek('"')) {
      v.str = string();
    } else if (text_.compare(pos_, 4, "True") == 0) {
      v.boolean = true;
      pos_ += 4;
    } else if (text_.compare(pos_, 5, "False") == 0) {
      v.boolean = false;
      pos_ += 5;
    } else if (peek('(')) {
      ++pos_;
      Shape shape;
      bool trailing_comma = false;
      while (!peek(')')) {
        shape.push_back(integer());
        trailing_comma = peek(',');
        if (!trailing_comma) break;
        ++pos_;
      }
      expect(')');
      // "(3)" is the int 3 in Python, not a tuple: numpy rejects it, so do we.
      if (shape.size() == 1 && !trailing_comma) bad("a one-element shape needs a trailing comma");
      v.tuple = std::move(shape);
    } else {
      bad("expected a string, True, False or a tuple");
    }
    return v;
  }

  const std::string& text_;
  const std::string& where_;
  std::size_t pos_ = 0;
};

std::string shape_literal(const Shape& shape) {
  std::string s = "(";
  for (std::size_t i = 0; i < shape.size(); ++i) {
    if (i) s += ", ";
    s += std::to_string(shape[i]);
  }
  if (shape.size() == 1) s += ",";
  return s + ")";
}

std::string shape_text(const Shape& shape) {
  std::string s = "[";
  for (std::size_t i = 0; i < shape.size(); ++i) s += (i ? "," : "") + std::to_string(shape[i]);
  return s + "]";
}

}  // namespace

const char* npy_descr(Dtype dtype) {
  switch (dtype) {
    case kFloat32:
      return "<f4";
    case kFloat64:
      return "<f8";
    case kInt64:
      return "<i8";
    case kInt32:
      return "<i4";
    case kInt16:
      return "<i2";
    case kInt8:
      return "|i1";
    case kUInt8:
      return "|u1";
    case kBool:
      return "|b1";
  }
  return "?";
}

std::string encode_npy(Dtype dtype, const Shape& shape, const std::string& data) {
  std::string header = std::string("{'descr': '") + npy_descr(dtype) +
                       "', 'fortran_order': False, 'shape': " + shape_literal(shape) + ", }";
  std::size_t unpadded = kMagicSize + 2 + 2 + header.size() + 1;  // + the final '\n'
  header.append((kAlign - unpadded % kAlign) % kAlign, ' ');
  header += '\n';

  std::string out;
  out.reserve(kMagicSize + 4 + header.size() + data.size());
  out.append(kMagic, kMagicSize);
  out += '\x01';
  out += '\x00';
  out += static_cast<char>(header.size() & 0xff);
  out += static_cast<char>(header.size() >> 8);
  out += header;
  out += data;
  return out;
}

NpyArray decode_npy(const std::string& bytes, const std::string& where) {
  const char* w = where.c_str();
  TG_CHECK(bytes.size() >= kMagicSize + 2 && std::memcmp(bytes.data(), kMagic, kMagicSize) == 0, w,
           "not a .npy array (bad magic; ", bytes.size(), " bytes)");
  int major = static_cast<unsigned char>(bytes[6]);
  int minor = static_cast<unsigned char>(bytes[7]);
  TG_CHECK((major >= 1 && major <= 3) && minor == 0, w, "unsupported .npy format version ", major, ".", minor);
  std::size_t len_size = major == 1 ? 2 : 4;
  std::size_t prefix = kMagicSize + 2 + len_size;
  TG_CHECK(bytes.size() >= prefix, w, "truncated .npy header (", bytes.size(), " bytes)");
  std::size_t header_len = 0;
  for (std::size_t i = 0; i < len_size; ++i)
    header_len |= static_cast<std::size_t>(static_cast<unsigned char>(bytes[8 + i])) << (8 * i);
  TG_CHECK(bytes.size() - prefix >= header_len, w, "truncated .npy header (needs ", header_len, " bytes, ",
           bytes.size() - prefix, " present)");
  std::string header = bytes.substr(prefix, header_len);

  NpyArray array;
  bool have_descr = false, have_order = false, have_shape = false;
  for (auto& [key, value] : HeaderParser(header, where).dict()) {
    if (key == "descr") {
      TG_CHECK(value.str, w, ".npy header: 'descr' must be a string");
      // One-byte types are written '|u1' by NumPy; '<u1' and '>u1' mean the same.
      const std::string& d = *value.str;
      auto one_byte = [&](const char* code) { return d.size() == 3 && d.compare(1, 2, code) == 0 && d[0] != '>'; };
      if (d == "<f4")
        array.dtype = kFloat32;
      else if (d == "<f8")
        array.dtype = kFloat64;
      else if (d == "<i8")
        array.dtype = kInt64;
      else if (d == "<i4")
        array.dtype = kInt32;
      else if (d == "<i2")
        array.dtype = kInt16;
      else if (one_byte("i1") || d == ">i1")
        array.dtype = kInt8;
      else if (one_byte("u1") || d == ">u1")
        array.dtype = kUInt8;
      else if (one_byte("b1") || d == ">b1")
        array.dtype = kBool;
      else
        fail(w, "unsupported dtype '", d,
             "' (tapegrad reads '<f4', '<f8', '<i8', '<i4', '<i2', '|i1', '|u1' and '|b1')");
      have_descr = true;
    } else if (key == "fortran_order") {
      TG_CHECK(value.boolean, w, ".npy header: 'fortran_order' must be True or False");
      array.fortran_order = *value.boolean;
      have_order = true;
    } else if (key == "shape") {
      TG_CHECK(value.tuple, w, ".npy header: 'shape' must be a tuple of integers");
      array.shape = *value.tuple;
      have_shape = true;
    } else {
      fail(w, ".npy header has an unexpected key '", key, "'");
    }
  }
  TG_CHECK(have_descr && have_order && have_shape, w, ".npy header lacks ",
           !have_descr   ? "'descr'"
           : !have_order ? "'fortran_order'"
                         : "'shape'",
           ": ", header.substr(0, 200));

  std::size_t size = itemsize(array.dtype);
  for (std::int64_t d : array.shape) {
    TG_CHECK(d == 0 || size <= std::numeric_limits<std::size_t>::max() / static_cast<std::size_t>(d), w, "shape ",
             shape_text(array.shape), " is too large");
    size *= static_cast<std::size_t>(d);
  }
  std::size_t payload = bytes.size() - prefix - header_len;
  TG_CHECK(payload == size, w, "shape ", shape_text(array.shape), " of ", npy_descr(array.dtype), " needs ", size,
           " data bytes but the array holds ", payload);
  array.data = bytes.substr(prefix + header_len);
  if (array.dtype == kBool)  // any other byte would be an invalid C++ bool
    for (char c : array.data)
      TG_CHECK(c == 0 || c == 1, w, "bool array holds the byte ", static_cast<int>(static_cast<unsigned char>(c)),
               " (only 0 and 1 are booleans)");
  return array;
}

}  // namespace tapegrad::serialize::detail
