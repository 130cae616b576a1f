#pragma once

#include "eventbook/http/message.hpp"

#include <exception>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace eventbook::http {

using Handler = std::function<Response(Request&)>;

// The answer to a request whose handler returned before the answer was ready
// (see Router::add_async). Copyable and callable from any thread; the first
// answer counts, later ones are ignored. A request nobody answers gets a 500
// once the last copy is gone.
class Reply {
 public:
  struct State;
  explicit Reply(std::shared_ptr<State> state) : state_(std::move(state)) {}

  void operator()(Response response) const;
  // As if the handler had thrown error: an ApiError becomes its problem.
  void fail(std::exception_ptr error) const;
  // Runs work on the route's worker pool, for a step that may block; if it
  // throws, that is the answer.
  void defer(std::function<void()> work) const;

 private:
  std::shared_ptr<State> state_;
};

// Starts answering a request and returns; the request stays valid until the
// reply is given.
using AsyncHandler = std::function<void(Request&, Reply)>;

struct RouteOptions {
  // The worker pool the handler runs on (see ServerOptions::pools).
  std::string pool = "default";
  // For an asynchronous handler that never blocks before it hands its work
  // on (Reply::defer for whatever may): started on the I/O thread that read
  // the request, without a trip through the pool. The pool still bounds how
  // many are in flight.
  bool start_on_io_thread = false;
};

struct Route {
  std::string method;  // "*" matches any method
  std::string pattern;
  Handler handler;  // empty for an asynchronous route
  RouteOptions options;
  std::vector<std::string> segments;
  AsyncHandler async_handler = nullptr;
};

// Matches "/a/{name}/b" patterns segment by segment; a final "{name...}"
// segment takes the rest of the path. Literal segments win over parameters.
class Router {
 public:
  void add(std::string method, std::string pattern, Handler handler, RouteOptions options = {});
  // A handler that may answer later, from another thread, without holding a
  // worker while it waits. It starts on the route's worker pool.
  void add_async(std::string method, std::string pattern, AsyncHandler handler, RouteOptions options = {});
  // Another router's route, with these options (to mount it elsewhere).
  void add(const Route& route, RouteOptions options);

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
