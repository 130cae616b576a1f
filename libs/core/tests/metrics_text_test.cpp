#include "eventbook/core/metrics_text.hpp"

#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <limits>
#include <stdexcept>

namespace eventbook::core {
namespace {

TEST(MetricsText, WritesAFamilyOnceWithEachOfItsSamples) {
  MetricsText text;
  text.family("eventbook_bookings", MetricType::gauge, "Bookings by status.");
  text.sample({{"status", "confirmed"}}, 12);
  text.sample({{"status", "cancelled"}}, std::int64_t{-1});
  text.family("eventbook_bookings", MetricType::gauge, "Bookings by status.");  // the current one: nothing
  text.sample({{"status", "pending"}}, std::uint64_t{18446744073709551615u});
  text.family("eventbook_bus_connected", MetricType::gauge, "Whether the bus is reachable.");
  text.sample({}, true);
  EXPECT_EQ(text.text(),
            "# HELP eventbook_bookings Bookings by status.\n"
            "# TYPE eventbook_bookings gauge\n"
            "eventbook_bookings{status=\"confirmed\"} 12\n"
            "eventbook_bookings{status=\"cancelled\"} -1\n"
            "eventbook_bookings{status=\"pending\"} 18446744073709551615\n"
            "# HELP eventbook_bus_connected Whether the bus is reachable.\n"
            "# TYPE eventbook_bus_connected gauge\n"
            "eventbook_bus_connected 1\n");
}

TEST(MetricsText, WritesSeveralLabelsInTheirOrder) {
  MetricsText text;
  text.family("eventbook_http_requests_total", MetricType::counter, "HTTP requests answered.");
  text.sample({{"service", "users"}, {"route", "/api/users/{id}"}, {"method", "GET"}, {"status", "200"}}, 3);
  EXPECT_EQ(text.take(),
            "# HELP eventbook_http_requests_total HTTP requests answered.\n"
            "# TYPE eventbook_http_requests_total counter\n"
            "eventbook_http_requests_total{service=\"users\",route=\"/api/users/{id}\",method=\"GET\","
            "status=\"200\"} 3\n");
}

TEST(MetricsText, EscapesBackslashQuoteAndNewlineInLabelValues) {
  EXPECT_EQ(MetricsText::escape_label_value(R"(a\b"c)"
                                            "\n"
                                            "d"),
            R"(a\\b\"c\nd)");
  MetricsText text;
  text.family("m", MetricType::counter, "Help with a \\ and a\nnewline, \"quotes\" kept.");
  text.sample({{"path", "C:\\dir \"x\"\ny"}}, 1);
  EXPECT_EQ(text.text(),
            "# HELP m Help with a \\\\ and a\\nnewline, \"quotes\" kept.\n"
            "# TYPE m counter\n"
            "m{path=\"C:\\\\dir \\\"x\\\"\\ny\"} 1\n");
}

TEST(MetricsText, FormatsDoublesAsPrometheusClientsDo) {
  EXPECT_EQ(MetricsText::format_double(0), "0");
  EXPECT_EQ(MetricsText::format_double(2.5), "2.5");
  EXPECT_EQ(MetricsText::format_double(1.0), "1");
  EXPECT_EQ(MetricsText::format_double(0.0005), "0.0005");
  EXPECT_EQ(MetricsText::format_double(0.00001), "1e-05");
  EXPECT_EQ(MetricsText::format_double(100), "100");
  EXPECT_EQ(MetricsText::format_double(1234.125), "1234.125");
  EXPECT_EQ(MetricsText::format_double(0.1 + 0.2), "0.30000000000000004");
  EXPECT_EQ(MetricsText::format_double(-3.75), "-3.75");
  EXPECT_EQ(MetricsText::format_double(1e21), "1e+21");
  EXPECT_EQ(MetricsText::format_double(std::numeric_limits<double>::infinity()), "+Inf");
  EXPECT_EQ(MetricsText::format_double(-std::numeric_limits<double>::infinity()), "-Inf");
  EXPECT_EQ(MetricsText::format_double(std::numeric_limits<double>::quiet_NaN()), "NaN");
  MetricsText text;
  text.family("eventbook_outbox_oldest_age_seconds", MetricType::gauge, "Age.");
  text.sample({{"service", "bookings"}}, 1.5);
  EXPECT_EQ(text.text(),
            "# HELP eventbook_outbox_oldest_age_seconds Age.\n"
            "# TYPE eventbook_outbox_oldest_age_seconds gauge\n"
            "eventbook_outbox_oldest_age_seconds{service=\"bookings\"} 1.5\n");
}

TEST(MetricsText, WritesAHistogramsBucketsSumAndCount) {
  constexpr std::array<double, 3> kBounds{0.0005, 0.1, 2.5};
  const std::array<std::uint64_t, 3> buckets{1, 4, 6};
  MetricsText text;
  text.family("d_seconds", MetricType::histogram, "Durations.");
  text.histogram({{"route", "/a"}}, kBounds, buckets, 3.25, 7);
  text.histogram({{"route", "/b"}}, kBounds, std::array<std::uint64_t, 3>{}, 0, 0);
  EXPECT_EQ(text.text(),
            "# HELP d_seconds Durations.\n"
            "# TYPE d_seconds histogram\n"
            "d_seconds_bucket{route=\"/a\",le=\"0.0005\"} 1\n"
            "d_seconds_bucket{route=\"/a\",le=\"0.1\"} 4\n"
            "d_seconds_bucket{route=\"/a\",le=\"2.5\"} 6\n"
            "d_seconds_bucket{route=\"/a\",le=\"+Inf\"} 7\n"
            "d_seconds_sum{route=\"/a\"} 3.25\n"
            "d_seconds_count{route=\"/a\"} 7\n"
            "d_seconds_bucket{route=\"/b\",le=\"0.0005\"} 0\n"
            "d_seconds_bucket{route=\"/b\",le=\"0.1\"} 0\n"
            "d_seconds_bucket{route=\"/b\",le=\"2.5\"} 0\n"
            "d_seconds_bucket{route=\"/b\",le=\"+Inf\"} 0\n"
            "d_seconds_sum{route=\"/b\"} 0\n"
            "d_seconds_count{route=\"/b\"} 0\n");
}

TEST(MetricsText, RefusesAFamilyWrittenEarlierAndASampleWithoutAFamily) {
  MetricsText empty;
  EXPECT_THROW(empty.sample({}, 1), std::logic_error);
  MetricsText text;
  text.family("a", MetricType::counter, "A.");
  text.family("b", MetricType::counter, "B.");
  EXPECT_THROW(text.family("a", MetricType::counter, "A."), std::logic_error);
}

}  // namespace
}  // namespace eventbook::core
