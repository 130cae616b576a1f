#include "bookings/domain/events_client.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <thread>

namespace eventbook::bookings {

namespace {

std::optional<std::string> text(const boost::json::object& object, std::string_view name) {
  const auto* value = object.if_contains(name);
  return value != nullptr && value->is_string() ? std::optional<std::string>(value->as_string()) : std::nullopt;
}

SeatAnswer parse_answer(const std::string& body) {
  boost::json::error_code ec;
  auto value = boost::json::parse(body, ec);
  if (ec || !value.is_object()) throw InventoryUnavailable("the events service answered something unreadable");
  const auto& object = value.as_object();
  SeatAnswer answer;
  answer.status = text(object, "status").value_or("");
  answer.reason = text(object, "reason");
  if (const auto* event = object.if_contains("event"); event != nullptr && event->is_object()) {
    answer.event_title = text(event->as_object(), "title");
    answer.event_date = text(event->as_object(), "date");
    answer.event_location = text(event->as_object(), "location");
    answer.organizer_id = text(event->as_object(), "organizerId");
  }
  if (answer.status.empty()) throw InventoryUnavailable("the events service answered without a status");
  return answer;
}

}  // namespace

EventsClient::EventsClient(EventsClientOptions options)
    : options_(std::move(options)),
      client_(options_.base_url, {.connect_timeout = options_.timeout, .request_timeout = options_.timeout}),
      breaker_(options_.breaker_threshold, options_.breaker_cool_down) {}

SeatAnswer EventsClient::reserve(const std::string& booking_id, const std::string& event_id, std::int64_t seats,
                                 const std::string& request_id) {
  return call("/internal/reservations",
              boost::json::serialize(boost::json::object{{"bookingId", booking_id}, {"eventId", event_id},
                                                         {"seats", seats}}),
              request_id);
}

SeatAnswer EventsClient::release(const std::string& booking_id, const std::string& request_id) {
  return call("/internal/reservations/" + booking_id + "/release", "{}", request_id);
}

SeatAnswer EventsClient::call(const std::string& target, const std::string& body, const std::string& request_id) {
  std::string last_error = "the events service is not answering";
  for (int attempt = 1; attempt <= options_.attempts; ++attempt) {
    if (!breaker_.allow()) {
      throw InventoryUnavailable("the events service is failing; not calling it for a moment");
    }
    try {
      auto response = client_.request("POST", target,
                                       {{"Content-Type", "application/json"},
                                        {"Authorization", "Service " + options_.service_secret},
                                        {"X-Request-Id", request_id}},
                                       body);
      if (response.status == 200) {
        breaker_.success();
        return parse_answer(response.body);
      }
      if (response.status < 500) {
        // Our request is wrong (credentials, fields): retrying cannot help.
        breaker_.success();
        throw InventoryUnavailable("the events service refused the call with status " +
                                   std::to_string(response.status) + ": " + response.body);
      }
      last_error = "the events service answered " + std::to_string(response.status);
    } catch (const http::ClientError& error) {
      last_error = error.what();
    }
    breaker_.failure();
    if (attempt < options_.attempts) std::this_thread::sleep_for(options_.retry_backoff * attempt);
  }
  throw InventoryUnavailable(last_error);
}

}  // namespace eventbook::bookings
