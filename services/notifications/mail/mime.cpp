#include "notifications/mail/mime.hpp"

#include <algorithm>
#include <cstdint>
#include <vector>

namespace eventbook::notifications::mime {

namespace {

// RFC 5322 asks for lines of at most 78 characters, RFC 2045 for encoded
// body lines of at most 76.
constexpr std::size_t kHeaderLine = 78;
constexpr std::size_t kBodyLine = 76;
// Whole bytes per encoded-word: 39 bytes are 52 base64 characters, so a word
// is 64 characters long and fits after "Subject: " on one line.
constexpr std::size_t kWordBytes = 39;
// A word longer than this could push a header line past RFC 5322's hard
// limit of 998 characters; such text is encoded instead.
constexpr std::size_t kLongestPlainWord = 900;
constexpr std::string_view kHex = "0123456789ABCDEF";

bool is_control(unsigned char c) { return c < 0x20 || c == 0x7f; }

bool is_plain_ascii(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) {
    auto byte = static_cast<unsigned char>(c);
    return byte >= 0x20 && byte < 0x7f;
  });
}

// Plain text that no reader would mistake for an encoded-word.
bool can_stay_plain(std::string_view text) {
  if (!is_plain_ascii(text) || text.find("=?") != std::string_view::npos) {
    return false;
  }
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t space = std::min(text.find(' ', start), text.size());
    if (space - start > kLongestPlainWord) {
      return false;
    }
    start = space + 1;
  }
  return true;
}

// Bytes in the UTF-8 sequence that lead starts; invalid leads count as one
// so that malformed text still moves forward.
std::size_t sequence_length(unsigned char lead) {
  if (lead >= 0xf0 && lead < 0xf8) return 4;
  if (lead >= 0xe0) return lead < 0xf0 ? 3 : 1;
  if (lead >= 0xc0) return 2;
  return 1;
}

std::vector<std::string_view> split_characters(std::string_view text, std::size_t max_bytes) {
  std::vector<std::string_view> chunks;
  std::size_t chunk_start = 0;
  std::size_t position = 0;
  while (position < text.size()) {
    std::size_t length = std::min(sequence_length(static_cast<unsigned char>(text[position])), text.size() - position);
    if (position + length - chunk_start > max_bytes) {
      chunks.push_back(text.substr(chunk_start, position - chunk_start));
      chunk_start = position;
    }
    position += length;
  }
  if (chunk_start < text.size()) {
    chunks.push_back(text.substr(chunk_start));
  }
  return chunks;
}

// Adjacent encoded-words separated by folding white space; readers drop the
// white space between them, so the words join back into the original text.
std::string encoded_words(std::string_view text) {
  std::string out;
  for (std::string_view chunk : split_characters(text, kWordBytes)) {
    if (!out.empty()) {
      out += "\r\n ";
    }
    out += "=?UTF-8?B?";
    out += base64(chunk);
    out += "?=";
  }
  return out;
}

std::string fold_plain(std::string_view text, std::size_t name_length) {
  std::string out;
  std::size_t line = name_length;
  std::size_t start = 0;
  while (start < text.size()) {
    // Every piece after the first starts with the space that precedes it,
    // so folding before a piece keeps that space on the next line.
    std::size_t end = std::min(text.find(' ', start + 1), text.size());
    std::string_view piece = text.substr(start, end - start);
    if (start > 0 && line + piece.size() > kHeaderLine) {
      out += "\r\n";
      line = 0;
    }
    out += piece;
    line += piece.size();
    start = end;
  }
  return out;
}

}  // namespace

std::string base64(std::string_view bytes) {
  static constexpr std::string_view kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 3 <= bytes.size(); i += 3) {
    auto group = static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[i])) << 16 |
                 static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[i + 1])) << 8 |
                 static_cast<unsigned char>(bytes[i + 2]);
    out += kAlphabet[group >> 18 & 0x3f];
    out += kAlphabet[group >> 12 & 0x3f];
    out += kAlphabet[group >> 6 & 0x3f];
    out += kAlphabet[group & 0x3f];
  }
  std::size_t rest = bytes.size() - i;
  if (rest > 0) {
    std::uint32_t group = static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[i])) << 16;
    if (rest == 2) {
      group |= static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[i + 1])) << 8;
    }
    out += kAlphabet[group >> 18 & 0x3f];
    out += kAlphabet[group >> 12 & 0x3f];
    out += rest == 2 ? kAlphabet[group >> 6 & 0x3f] : '=';
    out += '=';
  }
  return out;
}

std::string base64_lines(std::string_view bytes) {
  std::string encoded = base64(bytes);
  std::string out;
  out.reserve(encoded.size() + encoded.size() / kBodyLine * 2);
  for (std::size_t at = 0; at < encoded.size(); at += kBodyLine) {
    if (at > 0) out += "\r\n";
    out.append(encoded, at, kBodyLine);
  }
  return out;
}

std::string quoted_printable(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  std::size_t line = 0;
  auto put = [&](std::string_view token) {
    // Leave room for the "=" of a soft line break.
    if (line + token.size() > kBodyLine - 1) {
      out += "=\r\n";
      line = 0;
    }
    out += token;
    line += token.size();
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    auto c = static_cast<unsigned char>(text[i]);
    if (c == '\r' || c == '\n') {
      if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
        ++i;
      }
      out += "\r\n";
      line = 0;
      continue;
    }
    bool line_ends = i + 1 == text.size() || text[i + 1] == '\r' || text[i + 1] == '\n';
    bool literal = (c > ' ' && c < 0x7f && c != '=') || ((c == ' ' || c == '\t') && !line_ends);
    // A lone "." line would end the SMTP transfer, and any line that starts
    // with "." relies on the client's dot-stuffing; encode the dot instead.
    bool starts_line = line == 0 || line + 1 > kBodyLine - 1;
    if (literal && !(c == '.' && starts_line)) {
      put(text.substr(i, 1));
    } else {
      const char escaped[3] = {'=', kHex[c >> 4], kHex[c & 0x0f]};
      put(std::string_view(escaped, 3));
    }
  }
  return out;
}

std::string single_line(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  bool pending_space = false;
  for (char c : text) {
    auto byte = static_cast<unsigned char>(c);
    if (byte == ' ' || is_control(byte)) {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) {
      out += ' ';
      pending_space = false;
    }
    out += c;
  }
  return out;
}

std::string unstructured(std::string_view text, std::size_t name_length) {
  std::string line = single_line(text);
  return can_stay_plain(line) ? fold_plain(line, name_length) : encoded_words(line);
}

std::string phrase(std::string_view name) {
  std::string line = single_line(name);
  if (line.empty()) {
    return line;
  }
  if (!can_stay_plain(line)) {
    return encoded_words(line);
  }
  std::string out = "\"";
  for (char c : line) {
    if (c == '"' || c == '\\') {
      out += '\\';
    }
    out += c;
  }
  out += '"';
  // Folded at its spaces (folding white space may stand inside a quoted
  // string), so that a long name keeps lines within the limit. The name
  // follows "From: " or "To: ".
  return fold_plain(out, 6);
}

}  // namespace eventbook::notifications::mime
