#include "eventbook/core/metrics_text.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <stdexcept>

namespace eventbook::core {

namespace {

const char* type_name(MetricType type) {
  switch (type) {
    case MetricType::counter:
      return "counter";
    case MetricType::gauge:
      return "gauge";
    case MetricType::histogram:
      return "histogram";
  }
  return "untyped";
}

// HELP text escapes backslash and newline (not quotes).
std::string escape_help(std::string_view help) {
  std::string out;
  out.reserve(help.size());
  for (char c : help) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace

std::string MetricsText::escape_label_value(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  for (char c : value) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '"') {
      out += "\\\"";
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  return out;
}

// As Go's strconv.FormatFloat(value, 'g', -1, 64), what Prometheus' own
// clients use: the shortest digits that read back exactly, in exponent form
// only below 1e-4 or from 1e21 on.
std::string MetricsText::format_double(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
  char buffer[64];
  auto scientific = std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::scientific);
  const std::string_view shortest(buffer, static_cast<std::size_t>(scientific.ptr - buffer));
  auto digits = shortest.substr(shortest.find('e') + 1);
  if (digits.front() == '+') digits.remove_prefix(1);
  int exponent = 0;
  std::from_chars(digits.data(), digits.data() + digits.size(), exponent);
  if (exponent < -4 || exponent >= 21) return std::string(shortest);
  auto fixed = std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::fixed);
  return std::string(buffer, fixed.ptr);
}

MetricsText& MetricsText::family(std::string_view name, MetricType type, std::string_view help) {
  if (name == current_) return *this;
  if (std::find(written_.begin(), written_.end(), name) != written_.end()) {
    throw std::logic_error("the metric family " + std::string(name) + " was written before");
  }
  written_.emplace_back(name);
  current_ = name;
  text_ += "# HELP ";
  text_ += name;
  text_ += ' ';
  text_ += escape_help(help);
  text_ += "\n# TYPE ";
  text_ += name;
  text_ += ' ';
  text_ += type_name(type);
  text_ += '\n';
  return *this;
}

MetricsText& MetricsText::histogram(Labels labels, std::span<const double> bounds,
                                    std::span<const std::uint64_t> buckets, double sum, std::uint64_t count) {
  if (bounds.size() != buckets.size()) {
    throw std::invalid_argument("a histogram needs one count per bucket bound");
  }
  for (std::size_t i = 0; i < bounds.size(); ++i) {
    const auto bound = format_double(bounds[i]);
    line("_bucket", labels, {"le", bound}, format_value(buckets[i]));
  }
  line("_bucket", labels, {"le", "+Inf"}, format_value(count));
  line("_sum", labels, {}, format_double(sum));
  return line("_count", labels, {}, format_value(count));
}

MetricsText& MetricsText::line(std::string_view suffix, Labels labels, MetricLabel extra, const std::string& value) {
  if (current_.empty()) {
    throw std::logic_error("a metric sample needs its family first");
  }
  text_ += current_;
  text_ += suffix;
  if (labels.size() != 0 || !extra.name.empty()) {
    char separator = '{';
    auto write = [&](const MetricLabel& label) {
      text_ += separator;
      text_ += label.name;
      text_ += "=\"";
      text_ += escape_label_value(label.value);
      text_ += '"';
      separator = ',';
    };
    for (const auto& label : labels) write(label);
    if (!extra.name.empty()) write(extra);
    text_ += '}';
  }
  text_ += ' ';
  text_ += value;
  text_ += '\n';
  return *this;
}

}  // namespace eventbook::core
