#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

// QR codes (ISO/IEC 18004) at error correction level M, as SVG for pages and
// as PNG for e-mails. Text made only of digits, A-Z, space and $%*+-./: (such
// as ticket codes) is encoded in the denser alphanumeric mode, anything else
// byte by byte.
namespace eventbook::qr {

// The longest text a code is made of, in bytes: a ticket code or a URL fits
// with room to spare, and the symbol stays small enough to scan from a phone.
inline constexpr std::size_t kMaxTextBytes = 256;
// The light margin around the symbol, in modules, that readers need.
inline constexpr int kQuietZone = 4;
inline constexpr int kDefaultScale = 8;
inline constexpr int kMaxScale = 32;

// The modules of a symbol, without its quiet zone.
struct Matrix {
  int size = 0;            // modules per side
  std::vector<bool> dark;  // size * size, row by row

  bool at(int x, int y) const { return dark[static_cast<std::size_t>(y) * size + x]; }
};

// Throws std::invalid_argument when text is empty or longer than
// kMaxTextBytes.
Matrix encode(std::string_view text);

// A standalone SVG image: one path of the dark modules on a white square, the
// quiet zone included, kDefaultScale pixels per module unless styled
// otherwise. Throws as encode() does.
std::string svg(std::string_view text);

// A 1-bit grayscale PNG image, the quiet zone included, `scale` pixels per
// module. Throws as encode() does, and std::invalid_argument when scale is
// not within 1..kMaxScale.
std::string png(std::string_view text, int scale = kDefaultScale);
std::string png(const Matrix& matrix, int scale = kDefaultScale);

}  // namespace eventbook::qr
