#include "eventbook/http/router.hpp"

#include <algorithm>

namespace eventbook::http {

namespace {

std::vector<std::string> split_path(std::string_view path) {
  std::vector<std::string> segments;
  std::size_t start = 0;
  while (start <= path.size()) {
    auto slash = path.find('/', start);
    if (slash == std::string_view::npos) {
      slash = path.size();
    }
    if (slash > start) {
      segments.emplace_back(path.substr(start, slash - start));
    }
    start = slash + 1;
  }
  return segments;
}

bool is_param(const std::string& segment) {
  return segment.size() > 2 && segment.front() == '{' && segment.back() == '}';
}

bool is_rest(const std::string& segment) {
  return is_param(segment) && segment.size() > 5 && segment.compare(segment.size() - 4, 3, "...") == 0;
}

// Returns the number of literal segments matched (for precedence), or -1.
int match_segments(const Route& route, const std::vector<std::string>& path,
                   std::map<std::string, std::string, std::less<>>& params) {
  int literals = 0;
  const auto& pattern = route.segments;
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    const auto& seg = pattern[i];
    if (is_rest(seg)) {
      std::string rest;
      for (std::size_t j = i; j < path.size(); ++j) {
        rest += (j == i ? "" : "/") + path[j];
      }
      params[seg.substr(1, seg.size() - 5)] = rest;
      return literals;
    }
    if (i >= path.size()) {
      return -1;
    }
    if (is_param(seg)) {
      params[seg.substr(1, seg.size() - 2)] = path[i];
    } else if (seg == path[i]) {
      ++literals;
    } else {
      return -1;
    }
  }
  return pattern.size() == path.size() ? literals : -1;
}

}  // namespace

void Router::add(std::string method, std::string pattern, Handler handler) {
  Route route{std::move(method), std::move(pattern), std::move(handler), {}};
  route.segments = split_path(route.pattern);
  routes_.push_back(std::move(route));
}

void Router::add(const Route& route) { routes_.push_back(route); }

Router::Match Router::match(std::string_view method, std::string_view path) const {
  auto segments = split_path(path);
  Match best;
  int best_literals = -1;
  for (const auto& route : routes_) {
    std::map<std::string, std::string, std::less<>> params;
    int literals = match_segments(route, segments, params);
    if (literals < 0) {
      continue;
    }
    bool method_ok = route.method == "*" || route.method == method || (method == "HEAD" && route.method == "GET");
    if (!method_ok) {
      if (std::find(best.allowed.begin(), best.allowed.end(), route.method) == best.allowed.end()) {
        best.allowed.push_back(route.method);
      }
      continue;
    }
    if (literals > best_literals) {
      best_literals = literals;
      best.route = &route;
      best.params = std::move(params);
    }
  }
  if (best.route != nullptr) {
    best.allowed.clear();
  }
  return best;
}

}  // namespace eventbook::http
