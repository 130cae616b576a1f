#pragma once

#include "eventbook/http/message.hpp"

#include <functional>
#include <string>
#include <vector>

namespace eventbook::http {

using Handler = std::function<Response(Request&)>;

struct RouteOptions {
  // The worker pool the handler runs on (see ServerOptions::pools).
  std::string pool = "default";
};

struct Route {
  std::string method;  // "*" matches any method
  std::string pattern;
  Handler handler;
  RouteOptions options;
  std::vector<std::string> segments;
};

// Matches "/a/{name}/b" patterns segment by segment; a final "{name...}"
// segment takes the rest of the path. Literal segments win over parameters.
class Router {
 public:
  void add(std::string method, std::string pattern, Handler handler, RouteOptions options = {});

  struct Match {
    const Route* route = nullptr;
    std::map<std::string, std::string, std::less<>> params;
    std::vector<std::string> allowed;  // set when the path matched but the method did not
  };
  Match match(std::string_view method, std::string_view path) const;

  const std::vector<Route>& routes() const noexcept { return routes_; }

 private:
  std::vector<Route> routes_;
};

}  // namespace eventbook::http
