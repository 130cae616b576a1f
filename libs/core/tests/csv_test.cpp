#include "eventbook/core/csv.hpp"
#include "eventbook/core/error.hpp"
#include "eventbook/core/markup.hpp"

#include <gtest/gtest.h>

using namespace eventbook::core;

TEST(CsvTest, EveryFieldIsQuotedSoItStaysOneCellWhateverTheSeparator) {
  EXPECT_EQ(csv_field("Ada Lovelace"), "\"Ada Lovelace\"");
  EXPECT_EQ(csv_field(""), "\"\"");
  EXPECT_EQ(csv_field("Zoë Ørsted 東京"), "\"Zoë Ørsted 東京\"");
  EXPECT_EQ(csv_field("Bob;=1+1"), "\"Bob;=1+1\"");
}

TEST(CsvTest, QuotesFieldsWithSeparatorsQuotesAndLineBreaks) {
  EXPECT_EQ(csv_field("Smith, Jane"), "\"Smith, Jane\"");
  EXPECT_EQ(csv_field("the \"VIP\" one"), "\"the \"\"VIP\"\" one\"");
  EXPECT_EQ(csv_field("two\nlines"), "\"two\nlines\"");
  EXPECT_EQ(csv_field("cr\rhere"), "\"cr\rhere\"");
}

TEST(CsvTest, DisarmsWhatASpreadsheetWouldRunAsAFormula) {
  EXPECT_EQ(csv_field("=HYPERLINK(\"http://x\")"), "\"'=HYPERLINK(\"\"http://x\"\")\"");
  EXPECT_EQ(csv_field("+1"), "\"'+1\"");
  EXPECT_EQ(csv_field("-2+3"), "\"'-2+3\"");
  EXPECT_EQ(csv_field("@SUM(A1)"), "\"'@SUM(A1)\"");
  EXPECT_EQ(csv_field("\tcmd"), "\"'\tcmd\"");
  EXPECT_EQ(csv_field("\r=1"), "\"'\r=1\"");
  EXPECT_EQ(csv_field("a=b"), "\"a=b\"");  // only a leading sign counts
}

TEST(CsvTest, ARecordJoinsItsFieldsAndEndsInCrLf) {
  EXPECT_EQ(csv_record({"a", "b,c", "", "=d"}), "\"a\",\"b,c\",\"\",\"'=d\"\r\n");
  EXPECT_EQ(kCsvByteOrderMark, "\xEF\xBB\xBF");
}

TEST(ProblemTest, ExtensionMembersJoinTheProblemButNeverReplaceItsOwn) {
  auto error = ApiError::conflict("already-checked-in", "Checked in already.");
  error.extensions["checkedInAt"] = "2026-12-03T10:00:00.000Z";
  error.extensions["status"] = 200;
  auto body = problem_body(error);
  EXPECT_EQ(body.at("checkedInAt").as_string(), "2026-12-03T10:00:00.000Z");
  EXPECT_EQ(body.at("status").as_int64(), 409);
  EXPECT_EQ(body.at("type").as_string(), "https://eventbook.dev/problems/already-checked-in");
}

TEST(MarkupTest, EscapesWhatWouldOpenATagOrCloseAnAttribute) {
  EXPECT_EQ(escape_markup("<script>alert('x') & \"y\"</script>"),
            "&lt;script&gt;alert(&#39;x&#39;) &amp; &quot;y&quot;&lt;/script&gt;");
  EXPECT_EQ(escape_markup("Zoë, Jr."), "Zoë, Jr.");
}
