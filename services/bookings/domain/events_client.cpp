#include "bookings/domain/events_client.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <algorithm>
#include <thread>

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
  }
  if (answer.status.empty()) {
    throw InventoryUnavailable("the events service answered without a status" +
                               (text(object, "error") ? ": " + *text(object, "error") : std::string()));
  }
  return answer;
}

// One reservation as the events service reads it.
boost::json::object reservation_json(const std::string& booking_id, const std::string& event_id, std::int64_t seats) {
  return {{"bookingId", booking_id}, {"eventId", event_id}, {"seats", seats}};
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
  for (int n = 0; n < std::max(1, options_.senders); ++n) senders_.emplace_back([this] { send_loop(); });
}

EventsClient::~EventsClient() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  for (auto& sender : senders_) sender.join();
}

SeatAnswer EventsClient::reserve(const std::string& booking_id, const std::string& event_id, std::int64_t seats,
                                 const std::string& request_id) {
  return parse_answer(parse_object(
      call("/internal/reservations", boost::json::serialize(reservation_json(booking_id, event_id, seats)), request_id)));
}

SeatAnswer EventsClient::release(const std::string& booking_id, const std::string& request_id) {
  return parse_answer(parse_object(call("/internal/reservations/" + booking_id + "/release", "{}", request_id)));
}

void EventsClient::reserve_async(const std::string& booking_id, const std::string& event_id, std::int64_t seats,
                                 const std::string& request_id,
                                 std::function<void(std::exception_ptr, SeatAnswer)> done) {
  {
    std::lock_guard lock(mutex_);
    if (!stopping_) {
      queue_.push_back({booking_id, event_id, seats, request_id, std::move(done)});
      done = nullptr;
    }
  }
  if (done) return done(std::make_exception_ptr(InventoryUnavailable("the service is stopping")), {});
  wake_.notify_one();
}

// Once stopping, what is still queued is answered at once: those bookings
// stay pending, and recovery settles them.
void EventsClient::send_loop() {
  for (;;) {
    std::vector<Queued> batch;
    bool stopping = false;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [this] { return !queue_.empty() || stopping_; });
      stopping = stopping_;
      if (stopping && queue_.empty()) return;
      const auto take = stopping ? queue_.size() : std::min(queue_.size(), options_.batch_size);
      batch.assign(std::make_move_iterator(queue_.begin()), std::make_move_iterator(queue_.begin() + take));
      queue_.erase(queue_.begin(), queue_.begin() + take);
    }
    if (!stopping) {
      send(batch);
      continue;
    }
    for (auto& item : batch) {
      item.done(std::make_exception_ptr(InventoryUnavailable("the service is stopping")), {});
    }
  }
}

// One call for the whole batch; each reservation learns its own answer, or
// why there is none.
void EventsClient::send(std::vector<Queued>& batch) {
  std::vector<std::exception_ptr> errors(batch.size());
  std::vector<SeatAnswer> answers(batch.size());
  try {
    boost::json::array items;
    items.reserve(batch.size());
    for (const auto& item : batch) {
      items.push_back(reservation_json(item.booking_id, item.event_id, item.seats));
    }
    auto body = parse_object(call("/internal/reservations/batch",
                                  boost::json::serialize(boost::json::object{{"reservations", std::move(items)}}),
                                  batch.front().request_id));
    const auto* list = body.if_contains("reservations");
    if (list == nullptr || !list->is_array() || list->as_array().size() != batch.size()) {
      throw InventoryUnavailable("the events service answered a batch of reservations with a different count");
    }
    for (std::size_t n = 0; n < batch.size(); ++n) {
      try {
        const auto& answer = list->as_array()[n];
        if (!answer.is_object()) throw InventoryUnavailable("the events service answered something unreadable");
        answers[n] = parse_answer(answer.as_object());
      } catch (...) {
        errors[n] = std::current_exception();
      }
    }
  } catch (...) {
    std::fill(errors.begin(), errors.end(), std::current_exception());
  }
  for (std::size_t n = 0; n < batch.size(); ++n) {
    try {
      batch[n].done(errors[n], std::move(answers[n]));
    } catch (...) {
      // done must not throw; the other reservations still get their answers.
    }
  }
}

std::string EventsClient::call(const std::string& target, const std::string& body, const std::string& request_id) {
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
        return std::move(response.body);
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
