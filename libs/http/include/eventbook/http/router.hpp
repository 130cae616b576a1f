#pragma once

#include "eventbook/core/task.hpp"
#include "eventbook/http/message.hpp"

#include <functional>
#include <map>
#include <string>
#include <vector>

namespace eventbook::http {

// A route's handler: a coroutine from request to response. It starts on the
// I/O thread that read the request and must not block it: it awaits I/O
// (databases, other services) and sends CPU-heavy work to a core::ThreadPool.
// What it throws becomes the answer (an ApiError its problem, anything else
// a logged 500).
using Handler = std::function<core::Task<Response>(Request&)>;

struct Route {
  std::string method;  // "*" matches any method
  std::string pattern;
  Handler handler;
  std::vector<std::string> segments;
};

// Matches "/a/{name}/b" patterns segment by segment; a final "{name...}"
// segment takes the rest of the path. Literal segments win over parameters.
class Router {
 public:
  void add(std::string method, std::string pattern, Handler handler);
  // Another router's route (to mount it elsewhere).
  void add(const Route& route);

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
