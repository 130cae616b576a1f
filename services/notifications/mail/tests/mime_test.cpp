#include "notifications/mail/mime.hpp"

#include "decode.hpp"

#include <gtest/gtest.h>

#include <regex>
#include <string>
#include <vector>

namespace eventbook::notifications::mime {
namespace {

using testing::decode_base64;
using testing::decode_encoded_words;
using testing::decode_quoted_printable;
using testing::valid_utf8;

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (true) {
    auto end = text.find("\r\n", start);
    lines.push_back(text.substr(start, end == std::string::npos ? std::string::npos : end - start));
    if (end == std::string::npos) return lines;
    start = end + 2;
  }
}

TEST(Base64, MatchesTheRfc4648Vectors) {
  EXPECT_EQ(base64(""), "");
  EXPECT_EQ(base64("f"), "Zg==");
  EXPECT_EQ(base64("fo"), "Zm8=");
  EXPECT_EQ(base64("foo"), "Zm9v");
  EXPECT_EQ(base64("foob"), "Zm9vYg==");
  EXPECT_EQ(base64("fooba"), "Zm9vYmE=");
  EXPECT_EQ(base64("foobar"), "Zm9vYmFy");
  EXPECT_EQ(base64(std::string_view("\xff\xfe\x00\x80", 4)), "//4AgA==");
}

TEST(Base64Lines, WrapsAt76CharactersWithCrlfAndDecodesBack) {
  EXPECT_EQ(base64_lines(""), "");
  EXPECT_EQ(base64_lines("foobar"), "Zm9vYmFy");
  for (std::size_t size : {56u, 57u, 58u, 114u, 1000u}) {
    std::string bytes;
    for (std::size_t i = 0; i < size; ++i) bytes += static_cast<char>(i * 7 % 256);
    std::string wrapped = base64_lines(bytes);
    auto lines = lines_of(wrapped);
    std::string joined;
    for (std::size_t i = 0; i < lines.size(); ++i) {
      if (i + 1 < lines.size()) {
        EXPECT_EQ(lines[i].size(), 76u) << size;
      } else {
        EXPECT_GT(lines[i].size(), 0u) << size;
        EXPECT_LE(lines[i].size(), 76u) << size;
      }
      joined += lines[i];
    }
    EXPECT_EQ(joined, base64(bytes));
    EXPECT_EQ(decode_base64(joined), bytes);
  }
}

TEST(QuotedPrintable, KeepsPlainTextAndEscapesTheRest) {
  EXPECT_EQ(quoted_printable("Hello, world!"), "Hello, world!");
  EXPECT_EQ(quoted_printable("café"), "caf=C3=A9");
  EXPECT_EQ(quoted_printable("1 + 1 = 2"), "1 + 1 =3D 2");
  EXPECT_EQ(quoted_printable(std::string("nul\0byte", 8)), "nul=00byte");
}

TEST(QuotedPrintable, TurnsEveryLineBreakIntoCrlf) {
  EXPECT_EQ(quoted_printable("a\nb\r\nc\rd\n"), "a\r\nb\r\nc\r\nd\r\n");
  EXPECT_EQ(quoted_printable("\n\n"), "\r\n\r\n");
}

TEST(QuotedPrintable, EncodesWhiteSpaceAtTheEndOfALine) {
  EXPECT_EQ(quoted_printable("trailing \nspace"), "trailing=20\r\nspace");
  EXPECT_EQ(quoted_printable("tab\t"), "tab=09");
  EXPECT_EQ(quoted_printable("inner spaces\tstay"), "inner spaces\tstay");
}

TEST(QuotedPrintable, EncodesADotThatStartsALine) {
  EXPECT_EQ(quoted_printable(".\nend.\n.hidden"), "=2E\r\nend.\r\n=2Ehidden");
}

TEST(QuotedPrintable, BreaksLongLinesSoftlyAt76Characters) {
  std::string long_line(200, 'a');
  EXPECT_EQ(quoted_printable(long_line),
            std::string(75, 'a') + "=\r\n" + std::string(75, 'a') + "=\r\n" + std::string(50, 'a'));
  // A dot pushed to the start of a line by a soft break is encoded too.
  std::string dotted = std::string(75, 'a') + ".";
  EXPECT_EQ(quoted_printable(dotted), std::string(75, 'a') + "=\r\n=2E");
}

TEST(QuotedPrintable, NeverSplitsAnEscapeAndDecodesBackToTheInput) {
  std::string text;
  for (int i = 0; i < 40; ++i) text += "é=ü ";
  text += "\nDie Straße ist lang; " + std::string(120, 'x') + " \n\tend\n";
  std::string encoded = quoted_printable(text);
  static const std::regex kLine("([^=\r\n]|=[0-9A-F]{2})*=?");
  for (const auto& line : lines_of(encoded)) {
    EXPECT_LE(line.size(), 76u) << line;
    EXPECT_TRUE(std::regex_match(line, kLine)) << line;
    EXPECT_TRUE(line.empty() || (line.back() != ' ' && line.back() != '\t')) << line;
  }
  EXPECT_EQ(decode_quoted_printable(encoded), testing::crlf(text));
}

TEST(SingleLine, CollapsesControlCharactersAndSpaces) {
  EXPECT_EQ(single_line("  Hello \r\n\tBcc:  eve@evil.test \n"), "Hello Bcc: eve@evil.test");
  EXPECT_EQ(single_line("a\rb\nc\x7f"
                        "d\x01"
                        "e"),
            "a b c d e");
  EXPECT_EQ(single_line("\r\n"), "");
  EXPECT_EQ(single_line("Zoë"), "Zoë");
}

TEST(Unstructured, LeavesShortAsciiAlone) {
  EXPECT_EQ(unstructured("Your ticket for Friday", 9), "Your ticket for Friday");
  EXPECT_EQ(unstructured("", 9), "");
}

TEST(Unstructured, FoldsLongAsciiAtSpaces) {
  std::string subject;
  for (int i = 0; i < 30; ++i) subject += "word" + std::to_string(i) + " ";
  subject.pop_back();
  std::string value = unstructured(subject, 9);
  auto lines = lines_of(value);
  ASSERT_GT(lines.size(), 1u);
  EXPECT_LE(9 + lines[0].size(), 78u);
  for (std::size_t i = 1; i < lines.size(); ++i) {
    EXPECT_EQ(lines[i].front(), ' ');
    EXPECT_LE(lines[i].size(), 78u);
  }
  // Unfolding (RFC 5322 2.2.3) removes the CRLFs and nothing else.
  EXPECT_EQ(std::regex_replace(value, std::regex("\r\n"), ""), subject);
}

TEST(Unstructured, EncodesUtf8AsEncodedWords) { EXPECT_EQ(unstructured("Café", 9), "=?UTF-8?B?Q2Fmw6k=?="); }

TEST(Unstructured, SplitsLongUtf8BetweenCharactersOnly) {
  std::string subject =
      "Ваш билет на «Лебединое озеро» — 15 июня, начало в 19:00 🎟️ Большой театр, партер";
  std::string value = unstructured(subject, 9);
  auto lines = lines_of(value);
  ASSERT_GT(lines.size(), 2u);
  for (std::size_t i = 0; i < lines.size(); ++i) {
    std::string word = i == 0 ? lines[i] : lines[i].substr(1);
    EXPECT_LE((i == 0 ? 9 : 1) + word.size(), 78u) << word;
    EXPECT_LE(word.size(), 75u) << "RFC 2047 caps an encoded-word at 75 characters";
    EXPECT_TRUE(valid_utf8(decode_encoded_words(word))) << "a character was split: " << word;
  }
  EXPECT_EQ(decode_encoded_words(value), subject);
}

TEST(Unstructured, EncodesAsciiThatLooksLikeAnEncodedWord) {
  std::string value = unstructured("=?UTF-8?B?SGk=?=", 9);
  EXPECT_EQ(decode_encoded_words(value), "=?UTF-8?B?SGk=?=");
}

TEST(Unstructured, EncodesAWordTooLongForOneLine) {
  std::string word(1200, 'x');
  std::string value = unstructured(word, 9);
  for (const auto& line : lines_of(value)) EXPECT_LE(line.size(), 78u);
  EXPECT_EQ(decode_encoded_words(value), word);
}

// Found by tests/fuzz/fuzz_mime: a long ASCII name was one quoted string on
// one line, past RFC 5322's 998 characters.
TEST(Phrase, ALongNameIsFoldedInsideItsQuotes) {
  std::string name;
  for (int i = 0; i < 100; ++i) name += "a very long name ";
  auto folded = phrase(name);
  EXPECT_EQ(folded.front(), '"');
  EXPECT_EQ(folded.back(), '"');
  std::size_t start = 0, lines = 0;
  for (;;) {
    auto end = folded.find("\r\n", start);
    auto line = folded.substr(start, end == std::string::npos ? std::string::npos : end - start);
    EXPECT_LE(line.size(), 78u) << line;
    ++lines;
    if (end == std::string::npos) break;
    EXPECT_EQ(folded[end + 2], ' ') << "a fold must continue the header";
    start = end + 2;
  }
  EXPECT_GT(lines, 1u);
  // Unfolded (CRLF removed), it is the quoted name again.
  std::string unfolded;
  for (std::size_t at = 0; at < folded.size(); ++at) {
    if (folded.compare(at, 2, "\r\n") == 0) {
      ++at;
      continue;
    }
    unfolded += folded[at];
  }
  EXPECT_EQ(unfolded, "\"" + name.substr(0, name.size() - 1) + "\"");
}

TEST(Phrase, QuotesAsciiAndEncodesTheRest) {
  EXPECT_EQ(phrase(""), "");
  EXPECT_EQ(phrase("Ada Lovelace"), "\"Ada Lovelace\"");
  EXPECT_EQ(phrase("Ada \"Countess\" L\\"), "\"Ada \\\"Countess\\\" L\\\\\"");
  EXPECT_EQ(phrase("Zoë"), "=?UTF-8?B?Wm/Dqw==?=");
  EXPECT_EQ(phrase("Ada\r\nBcc: eve@evil.test"), "\"Ada Bcc: eve@evil.test\"");
}

}  // namespace
}  // namespace eventbook::notifications::mime
