#include "bookings/clients/events_client.hpp"

#include <boost/json/parse.hpp>
#include "eventbook/core/json.hpp"
#include "eventbook/http/message.hpp"

#include <algorithm>
#include <stdexcept>

namespace eventbook::bookings {

namespace {

std::optional<std::string> text(const boost::json::object& object, std::string_view name) {
  const auto* value = object.if_contains(name);
  return value != nullptr && value->is_string() ? std::optional<std::string>(value->as_string()) : std::nullopt;
}

SeatAnswer parse_answer(const boost::json::object& object) {
  SeatAnswer answer;
  answer.status = text(object, "status").value_or("");
  answer.reason = text(object, "reason");
  if (const auto* event = object.if_contains("event"); event != nullptr && event->is_object()) {
    answer.event_title = text(event->as_object(), "title");
    answer.event_date = text(event->as_object(), "date");
    answer.event_location = text(event->as_object(), "location");
    answer.organizer_id = text(event->as_object(), "organizerId");
    if (const auto* minutes = event->as_object().if_contains("holdMinutes"); minutes && minutes->is_int64()) {
      answer.hold_minutes = minutes->as_int64();
    }
    if (const auto* minutes = event->as_object().if_contains("offerMinutes"); minutes && minutes->is_int64()) {
      answer.offer_minutes = minutes->as_int64();
    }
    if (const auto* names = event->as_object().if_contains("requireAttendeeNames"); names && names->is_bool()) {
      answer.require_attendee_names = names->as_bool();
    }
    if (const auto* starts = event->as_object().if_contains("startsAtMs"); starts && starts->is_int64()) {
      answer.event_starts_at = starts->as_int64();
    }
    answer.event_status = text(event->as_object(), "status");
    if (const auto* opens = event->as_object().if_contains("onSaleAtMs"); opens && opens->is_int64()) {
      answer.event_on_sale_at = opens->as_int64();
    }
  }
  if (const auto* lines = object.if_contains("items")) {
    try {
      answer.lines = lines_from_json(*lines);
    } catch (const std::invalid_argument&) {
      throw InventoryUnavailable("the events service answered lines that cannot be read");
    }
  }
  answer.ticket_type_id = text(object, "ticketTypeId");
  if (answer.status.empty()) {
    throw InventoryUnavailable("the events service answered without a status" +
                               (text(object, "error") ? ": " + *text(object, "error") : std::string()));
  }
  return answer;
}

// One reservation as the events service reads it.
boost::json::object reservation_json(const SeatRequest& wanted) {
  boost::json::object out{{"bookingId", wanted.booking_id}, {"eventId", wanted.event_id}, {"seats", wanted.seats}};
  if (!wanted.items.empty()) {
    boost::json::array items;
    for (const auto& item : wanted.items) {
      items.push_back(boost::json::object{{"ticketTypeId", item.ticket_type_id}, {"quantity", item.quantity}});
    }
    out["items"] = std::move(items);
  }
  if (wanted.promo_code) out["promoCode"] = *wanted.promo_code;
  if (wanted.queue_pass) out["queuePass"] = true;
  if (wanted.waitlist_offer) out["waitlistOffer"] = true;
  return out;
}

std::string batch_json(boost::json::array reservations) {
  return core::to_json(boost::json::object{{"reservations", std::move(reservations)}});
}

http::Headers call_headers(const std::string& secret, const std::string& request_id) {
  return {{"Content-Type", "application/json"}, {"Authorization", "Service " + secret}, {"X-Request-Id", request_id}};
}

boost::json::object parse_object(const std::string& body) {
  boost::json::error_code ec;
  auto value = boost::json::parse(body, ec);
  if (ec || !value.is_object()) throw InventoryUnavailable("the events service answered something unreadable");
  return std::move(value.as_object());
}

}  // namespace

EventsClient::EventsClient(EventsClientOptions options)
    : options_(std::move(options)),
      client_(options_.base_url, {.connect_timeout = options_.timeout, .request_timeout = options_.timeout}),
      breaker_(options_.breaker_threshold, options_.breaker_cool_down) {
  for (int n = 0; n < std::max(1, options_.senders); ++n) {
    // A sender wakes when a reservation is queued; the period only bounds
    // how long a missed wake-up could leave one waiting.
    senders_.push_back(
        std::make_unique<core::Worker>("events sender", std::chrono::seconds(1), [this] { return send(); }));
    senders_.back()->start();
  }
}

// What is still queued once the senders have stopped is answered at once:
// those bookings stay pending, and recovery settles them.
EventsClient::~EventsClient() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  for (auto& sender : senders_) sender->stop();
  std::deque<Queued> left;
  {
    std::lock_guard lock(mutex_);
    left.swap(queue_);
  }
  for (auto& item : left) item.done.fail(std::make_exception_ptr(InventoryUnavailable("the service is stopping")));
}

core::Task<SeatAnswer> EventsClient::reserve(SeatRequest wanted, std::string request_id) {
  co_return co_await core::wait_for<SeatAnswer>([&](core::Completion<SeatAnswer> done) {
    {
      std::lock_guard lock(mutex_);
      if (stopping_) {
        done.fail(std::make_exception_ptr(InventoryUnavailable("the service is stopping")));
        return;
      }
      queue_.push_back({std::move(wanted), std::move(request_id), std::move(done)});
    }
    senders_[next_sender_++ % senders_.size()]->notify();
  });
}

core::Task<SeatAnswer> EventsClient::release(std::string booking_id, std::string request_id) {
  auto body = co_await call("/internal/reservations/" + booking_id + "/release", "{}", std::move(request_id));
  co_return parse_answer(parse_object(body));
}

core::Task<void> EventsClient::set_waitlist_demand(std::string event_id, std::int64_t seats, std::string request_id) {
  auto body = core::to_json(boost::json::object{{"seats", seats}});
  co_await call("/internal/events/" + http::percent_encode(event_id) + "/waitlist", std::move(body),
                std::move(request_id), "PUT");
}

// One call for a batch of what is queued; each reservation learns its own
// answer, or why there is none. More queued than one batch holds: this
// sender goes again at once.
core::Task<void> EventsClient::send() {
  std::vector<Queued> batch;
  {
    std::lock_guard lock(mutex_);
    const auto take = std::min(queue_.size(), options_.batch_size);
    batch.assign(std::make_move_iterator(queue_.begin()), std::make_move_iterator(queue_.begin() + take));
    queue_.erase(queue_.begin(), queue_.begin() + take);
    if (!queue_.empty()) senders_[next_sender_++ % senders_.size()]->notify();
  }
  if (batch.empty()) co_return;
  boost::json::array items;
  items.reserve(batch.size());
  for (const auto& item : batch) items.push_back(reservation_json(item.wanted));
  auto request = batch_json(std::move(items));
  std::exception_ptr failed;
  boost::json::object body;
  try {
    auto answer = co_await call("/internal/reservations/batch", std::move(request), batch.front().request_id);
    body = parse_object(answer);
  } catch (...) {
    failed = std::current_exception();
  }
  const auto* list = body.if_contains("reservations");
  if (!failed && (list == nullptr || !list->is_array() || list->as_array().size() != batch.size())) {
    failed = std::make_exception_ptr(
        InventoryUnavailable("the events service answered a batch of reservations with a different count"));
  }
  for (std::size_t n = 0; n < batch.size(); ++n) {
    if (failed) {
      batch[n].done.fail(failed);
      continue;
    }
    try {
      const auto& answer = list->as_array()[n];
      if (!answer.is_object()) throw InventoryUnavailable("the events service answered something unreadable");
      batch[n].done(parse_answer(answer.as_object()));
    } catch (...) {
      batch[n].done.fail(std::current_exception());
    }
  }
}

core::Task<std::string> EventsClient::call(std::string target, std::string body, std::string request_id,
                                           std::string method) {
  std::string last_error = "the events service is not answering";
  const http::Headers headers = call_headers(options_.service_secret, request_id);
  for (int attempt = 1; attempt <= options_.attempts; ++attempt) {
    if (!breaker_.allow()) {
      throw InventoryUnavailable("the events service is failing; not calling it for a moment");
    }
    std::optional<http::ClientResponse> response;
    try {
      response = co_await client_.request(method, target, headers, body);
    } catch (const http::ClientError& error) {
      last_error = error.what();
    }
    if (response && response->status == 200) {
      breaker_.success();
      co_return std::move(response->body);
    }
    if (response && response->status < 500) {
      // Our request is wrong (credentials, fields): retrying cannot help.
      breaker_.success();
      throw InventoryUnavailable("the events service refused the call with status " + std::to_string(response->status) +
                                 ": " + response->body);
    }
    if (response) last_error = "the events service answered " + std::to_string(response->status);
    breaker_.failure();
    if (attempt < options_.attempts) {
      co_await core::sleep_for(options_.retry_backoff * attempt);
    }
  }
  throw InventoryUnavailable(last_error);
}

}  // namespace eventbook::bookings
