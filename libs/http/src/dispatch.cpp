#include "server_impl.hpp"

#include "eventbook/core/id.hpp"
#include "eventbook/core/json.hpp"
#include "eventbook/core/log.hpp"

#include <boost/asio/async_result.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace eventbook::http {

namespace {

bool valid_request_id(std::string_view id) {
  if (id.empty() || id.size() > 128) {
    return false;
  }
  for (char c : id) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
              c == '.' || c == ':';
    if (!ok) {
      return false;
    }
  }
  return true;
}

// Runs the coroutine that answers request, and waits for it without
// holding the thread. The coroutine starts on the connection's strand and
// continues wherever what it awaits completes; its response comes back to
// the strand.
template <class Answer, class Fail>
asio::awaitable<Response> answer_on(Connection& connection, Answer answer, Fail fail) {
  co_return co_await asio::async_initiate<const asio::use_awaitable_t<>&, void(Response)>(
      [&](auto completion) {
        core::Task<Response> task;
        try {
          task = answer();
        } catch (...) {
          return std::move(completion)(fail(std::current_exception()));
        }
        core::spawn(connection.executor, std::move(task),
                    [&connection, &fail, completion = std::move(completion)](core::Outcome<Response> outcome) mutable {
                      auto response = outcome.error ? fail(outcome.error) : std::move(*outcome.value);
                      connection.executor.finish(
                          [completion = std::move(completion), response = std::move(response)]() mutable {
                            std::move(completion)(std::move(response));
                          });
                    });
      },
      asio::use_awaitable);
}

}  // namespace

// The answer for what a handler threw: an ApiError is the client's problem
// to read; an error whose cause may pass (core::MayPass: the database out of
// reach, its disk full) is a 503 the client may retry; anything else is a
// 500. Neither of the last two says anything about the internals; the log
// gets the detail.
Response Server::Impl::answer_for(std::exception_ptr thrown, const std::string& route, const Request& request) const {
  try {
    std::rethrow_exception(thrown);
  } catch (const core::ApiError& error) {
    if (error.status() >= 500) {
      core::log::error(options.service, "request failed",
                       {{"requestId", request.request_id},
                        {"route", route},
                        {"status", error.status()},
                        {"error", error.log_message().empty() ? error.what() : error.log_message()}});
    }
    return Response::problem(error, request.path);
  } catch (const core::MayPass& cause) {
    if (cause.passing()) {
      core::log::error(options.service, "request failed on an unavailable dependency",
                       {{"requestId", request.request_id}, {"route", route}, {"error", core::describe(thrown)}});
      return Response::problem(
          core::ApiError::unavailable("The service cannot reach its storage right now; retry shortly."), request.path);
    }
  } catch (...) {
  }
  core::log::error(options.service, "unhandled error",
                   {{"requestId", request.request_id}, {"route", route}, {"error", core::describe(thrown)}});
  return Response::problem(core::ApiError::internal(core::describe(thrown)), request.path);
}

asio::awaitable<Response> Server::Impl::handle(Request& request, Connection& connection) {
  auto started = std::chrono::steady_clock::now();
  auto given_id = request.header("X-Request-Id");
  request.request_id = given_id && valid_request_id(*given_id) ? *given_id : core::new_id();

  Response response;
  std::string route_name;
  // A public entry point keeps its figures to its private listener: there /metrics is what any
  // unknown path is, and no route of its own (a page, a proxy) answers it either.
  const bool hidden = request.path == "/metrics" && !options.metrics_on_port && !connection.private_listener;
  const bool builtin_path = is_builtin(request.path) && !hidden;
  auto fail = [&](std::exception_ptr thrown) { return answer_for(thrown, route_name, request); };
  if (builtin_path && (request.method == "GET" || request.method == "HEAD")) {
    route_name = request.path;
    response = co_await answer_on(
        connection, [&] { return builtin(request); }, fail);
  } else if (hidden || connection.private_listener) {
    // The private listener serves the built-in routes and nothing else.
    route_name = "unmatched";
    if (builtin_path) {
      response = Response::problem(
          core::ApiError(405, "method-not-allowed", request.method + " is not allowed here; use GET."), request.path);
      response.set_header("Allow", "GET");
    } else {
      response = Response::problem(core::ApiError::not_found("No resource at " + request.path + "."), request.path);
    }
  } else {
    // A path that is not UTF-8 once percent-decoded names no resource (and
    // would otherwise reach a database that refuses such text).
    auto match =
        core::valid_utf8(request.path) == request.path ? router.match(request.method, request.path) : Router::Match{};
    if (match.route == nullptr) {
      route_name = "unmatched";
      if (!match.allowed.empty() || builtin_path) {
        std::string allow;
        for (const auto& method : builtin_path ? std::vector<std::string>{"GET"} : match.allowed) {
          allow += (allow.empty() ? "" : ", ") + method;
        }
        response = Response::problem(
            core::ApiError(405, "method-not-allowed", request.method + " is not allowed here; use " + allow + "."),
            request.path);
        response.set_header("Allow", allow);
      } else {
        response = Response::problem(core::ApiError::not_found("No resource at " + request.path + "."), request.path);
      }
    } else {
      const Route& route = *match.route;
      route_name = route.pattern;
      request.route = route.pattern;
      request.params = std::move(match.params);
      if (in_flight.fetch_add(1) >= options.max_in_flight) {
        metrics.rejected_busy();
        response = Response::problem(core::ApiError::unavailable("The server is busy; retry shortly."), request.path);
      } else {
        response = co_await answer_on(
            connection, [&] { return route.handler(request); }, fail);
      }
      in_flight.fetch_sub(1);
    }
  }
  response.set_header("X-Request-Id", request.request_id);
  for (const auto& header : options.response_headers) {
    if (!response.header(header.name)) {
      response.headers.push_back(header);
    }
  }

  auto elapsed = std::chrono::steady_clock::now() - started;
  metrics.observe(route_name, request.method, response.status, elapsed);
  if (options.access_log) {
    core::log::info(options.service, "request",
                    {{"requestId", request.request_id},
                     {"method", request.method},
                     {"path", request.path},
                     {"route", route_name},
                     {"status", response.status},
                     {"us", std::chrono::duration_cast<std::chrono::microseconds>(elapsed).count()},
                     {"remote", request.remote_address}});
  }
  co_return response;
}

}  // namespace eventbook::http
