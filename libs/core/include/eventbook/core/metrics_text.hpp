#pragma once

#include <cstdint>
#include <initializer_list>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace eventbook::core {

// One label of a sample: name="value". The value is escaped when written.
struct MetricLabel {
  std::string_view name;
  std::string_view value;
};

enum class MetricType { counter, gauge, histogram };

// Builds Prometheus text (exposition format 0.0.4), the body of GET /metrics.
// A family is begun once, with its # HELP and # TYPE lines; its samples
// follow it. Label values are escaped (\, " and newline); integers are
// written as such, doubles in their shortest exact form (+Inf, -Inf, NaN).
//
//   MetricsText text;
//   text.family("eventbook_bookings", MetricType::gauge, "Bookings by status.");
//   text.sample({{"status", "confirmed"}}, 12);
//   return text.take();

class MetricsText {
 public:
  using Labels = std::initializer_list<MetricLabel>;

  // Writes the # HELP and # TYPE lines of `name` and makes it the family
  // the samples below belong to. Beginning the current family again does
  // nothing; one written earlier throws std::logic_error (the samples of a
  // family must stand together).
  MetricsText& family(std::string_view name, MetricType type, std::string_view help);

  // One sample of the current (counter or gauge) family.
  template <class Value>
  requires std::is_arithmetic_v<Value> MetricsText& sample(Labels labels, Value value) {
    return line("", labels, {}, format_value(value));
  }

  // One series of the current histogram family: cumulative counts per upper
  // bound (buckets[i] observations <= bounds[i]), then le="+Inf" (count),
  // _sum and _count.
  MetricsText& histogram(Labels labels, std::span<const double> bounds, std::span<const std::uint64_t> buckets,
                         double sum, std::uint64_t count);

  const std::string& text() const noexcept { return text_; }
  std::string take() { return std::move(text_); }

  template <class Value>
  requires std::is_arithmetic_v<Value>
  static std::string format_value(Value value) {
    if constexpr (std::is_floating_point_v<Value>) {
      return format_double(static_cast<double>(value));
    } else if constexpr (std::is_signed_v<Value>) {
      return std::to_string(static_cast<long long>(value));
    } else {
      return std::to_string(static_cast<unsigned long long>(value));
    }
  }
  // The shortest text that reads back as value, in %g style (as Prometheus'
  // own clients write it): 0.0005, 2.5, 100, 1e+06; +Inf, -Inf, NaN.
  static std::string format_double(double value);
  // A label value with \, " and newline escaped.
  static std::string escape_label_value(std::string_view value);

 private:
  MetricsText& line(std::string_view suffix, Labels labels, MetricLabel extra, const std::string& value);

  std::string text_;
  std::string current_;
  std::vector<std::string> written_;
};

}  // namespace eventbook::core
