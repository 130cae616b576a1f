#include "eventbook/qr/qr.hpp"

#include "eventbook/core/markup.hpp"

#include <png.h>
#include <qrencode.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <memory>
#include <new>
#include <stdexcept>

namespace eventbook::qr {

namespace {

struct CodeDeleter {
  void operator()(QRcode* code) const noexcept { QRcode_free(code); }
};
using Code = std::unique_ptr<QRcode, CodeDeleter>;

void check_text(std::string_view text) {
  if (text.empty()) {
    throw std::invalid_argument("a QR code needs some text");
  }
  if (text.size() > kMaxTextBytes) {
    throw std::invalid_argument("QR code text is " + std::to_string(text.size()) + " bytes long; at most " +
                                std::to_string(kMaxTextBytes) + " are taken");
  }
}

bool printable_ascii(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) { return c >= 0x20 && c < 0x7f; });
}

// Says what the code holds when that is plain text; other bytes might not
// make well-formed XML.
std::string label_for(std::string_view text) {
  return printable_ascii(text) ? "QR code: " + core::escape_markup(text) : std::string("QR code");
}

// Each run of dark modules in a row is one rectangle, one module high. Each
// rectangle after the first starts with a move relative to the start of the
// one before (where "z" leaves the pen), which keeps the numbers short.
std::string path_of(const Matrix& matrix) {
  std::string d;
  int last_x = 0;
  int last_y = 0;
  for (int y = 0; y < matrix.size; ++y) {
    int x = 0;
    while (x < matrix.size) {
      if (!matrix.at(x, y)) {
        ++x;
        continue;
      }
      int end = x;
      while (end < matrix.size && matrix.at(end, y)) ++end;
      int left = x + kQuietZone;
      int top = y + kQuietZone;
      std::string run = std::to_string(end - x);
      if (d.empty()) {
        d += "M" + std::to_string(left) + " " + std::to_string(top);
      } else {
        d += "m" + std::to_string(left - last_x) + " " + std::to_string(top - last_y);
      }
      d += "h" + run + "v1h-" + run + "z";
      last_x = left;
      last_y = top;
      x = end;
    }
  }
  return d;
}

// Where libpng writes the image, and what went wrong if it could not.
struct PngOutput {
  std::string bytes;
  char error[128] = {};
};

// libpng is C: its errors leave through longjmp (to write_image below), so
// no C++ exception may cross it either.
[[noreturn]] void on_png_error(png_structp png, png_const_charp message) {
  auto* output = static_cast<PngOutput*>(png_get_error_ptr(png));
  std::strncpy(output->error, message, sizeof output->error - 1);
  png_longjmp(png, 1);
}

void on_png_warning(png_structp, png_const_charp) {}

void append_png(png_structp png, png_bytep data, std::size_t length) {
  auto* output = static_cast<PngOutput*>(png_get_io_ptr(png));
  try {
    output->bytes.append(reinterpret_cast<const char*>(data), length);
    return;
  } catch (const std::bad_alloc&) {
    // Reported through png_error below, outside this handler.
  }
  png_error(png, "out of memory");
}

void flush_png(png_structp) {}

struct PngWriter {
  explicit PngWriter(PngOutput& output)
      : png(png_create_write_struct(PNG_LIBPNG_VER_STRING, &output, on_png_error, on_png_warning)) {
    if (png == nullptr) throw std::bad_alloc();
    info = png_create_info_struct(png);
    if (info == nullptr) {
      png_destroy_write_struct(&png, nullptr);
      throw std::bad_alloc();
    }
    png_set_write_fn(png, &output, append_png, flush_png);
  }
  ~PngWriter() { png_destroy_write_struct(&png, &info); }
  PngWriter(const PngWriter&) = delete;
  PngWriter& operator=(const PngWriter&) = delete;

  png_structp png = nullptr;
  png_infop info = nullptr;
};

// Holds no object with a destructor, since an error longjmps back into it.
// Image row r is rows[r / scale].
bool write_image(png_structp png, png_infop info, png_uint_32 pixels, const std::vector<png_bytep>& rows, int scale) {
  if (setjmp(png_jmpbuf(png))) {
    return false;
  }
  png_set_IHDR(png, info, pixels, pixels, 1, PNG_COLOR_TYPE_GRAY, PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT,
               PNG_FILTER_TYPE_DEFAULT);
  png_write_info(png, info);
  for (png_uint_32 r = 0; r < pixels; ++r) {
    png_write_row(png, rows[r / static_cast<png_uint_32>(scale)]);
  }
  png_write_end(png, info);
  return true;
}

}  // namespace

Matrix encode(std::string_view text) {
  check_text(text);
  Code code;
  errno = 0;
  if (text.find('\0') == std::string_view::npos) {
    // With QR_MODE_8, libqrencode picks the numeric and alphanumeric modes
    // for the stretches of text they can hold.
    std::string terminated(text);
    code.reset(QRcode_encodeString(terminated.c_str(), 0, QR_ECLEVEL_M, QR_MODE_8, 1));
  } else {
    code.reset(QRcode_encodeData(static_cast<int>(text.size()), reinterpret_cast<const unsigned char*>(text.data()), 0,
                                 QR_ECLEVEL_M));
  }
  if (!code) {
    int error = errno;
    if (error == ENOMEM) throw std::bad_alloc();
    throw std::runtime_error(std::string("libqrencode could not encode the text: ") + std::strerror(error));
  }
  Matrix matrix;
  matrix.size = code->width;
  matrix.dark.resize(static_cast<std::size_t>(code->width) * code->width);
  for (std::size_t i = 0; i < matrix.dark.size(); ++i) {
    matrix.dark[i] = (code->data[i] & 1) != 0;
  }
  return matrix;
}

std::string svg(std::string_view text) {
  Matrix matrix = encode(text);
  std::string side = std::to_string(matrix.size + 2 * kQuietZone);
  std::string pixels = std::to_string((matrix.size + 2 * kQuietZone) * kDefaultScale);
  return "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + side + " " + side + "\" width=\"" + pixels +
         "\" height=\"" + pixels + "\" shape-rendering=\"crispEdges\" role=\"img\" aria-label=\"" + label_for(text) +
         "\"><rect width=\"" + side + "\" height=\"" + side + "\" fill=\"#fff\"/><path d=\"" + path_of(matrix) +
         "\"/></svg>";
}

std::string png(std::string_view text, int scale) { return png(encode(text), scale); }

std::string png(const Matrix& matrix, int scale) {
  if (scale < 1 || scale > kMaxScale) {
    throw std::invalid_argument("a QR code's scale is 1 to " + std::to_string(kMaxScale) + " pixels per module, not " +
                                std::to_string(scale));
  }
  if (matrix.size < 1 || matrix.dark.size() != static_cast<std::size_t>(matrix.size) * matrix.size) {
    throw std::invalid_argument("not a QR code matrix");
  }
  int side = matrix.size + 2 * kQuietZone;
  auto pixels = static_cast<png_uint_32>(side * scale);
  std::size_t row_bytes = (pixels + 7) / 8;
  // One row of pixels per row of modules; bit 1 is white.
  std::vector<std::vector<png_byte>> rows(static_cast<std::size_t>(side), std::vector<png_byte>(row_bytes, 0xff));
  for (int y = 0; y < matrix.size; ++y) {
    auto& row = rows[static_cast<std::size_t>(y + kQuietZone)];
    for (int x = 0; x < matrix.size; ++x) {
      if (!matrix.at(x, y)) continue;
      for (int p = (x + kQuietZone) * scale; p < (x + kQuietZone + 1) * scale; ++p) {
        row[static_cast<std::size_t>(p) / 8] &= static_cast<png_byte>(~(0x80u >> (p % 8)));
      }
    }
  }
  std::vector<png_bytep> row_pointers;
  for (auto& row : rows) row_pointers.push_back(row.data());

  PngOutput output;
  PngWriter writer(output);
  if (!write_image(writer.png, writer.info, pixels, row_pointers, scale)) {
    throw std::runtime_error(std::string("libpng could not write the QR code: ") + output.error);
  }
  return std::move(output.bytes);
}

}  // namespace eventbook::qr
