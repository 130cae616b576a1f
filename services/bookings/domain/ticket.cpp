#include "bookings/domain/ticket.hpp"

#include "eventbook/auth/random.hpp"
#include "eventbook/core/clock.hpp"
#include "eventbook/core/csv.hpp"
#include "eventbook/core/error.hpp"
#include "eventbook/core/id.hpp"
#include "eventbook/core/json.hpp"

#include <array>
#include <cctype>

namespace eventbook::bookings {

namespace {

constexpr char kAlphabet[] = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";  // 32: no 0/O, 1/I
constexpr std::size_t kCodeLength = 26;
constexpr std::size_t kMaxScannedLength = 64;

boost::json::value text_or_null(const std::optional<std::string>& text) {
  return text ? boost::json::value(*text) : boost::json::value(nullptr);
}

}  // namespace

// 130 bits drawn at once (one system call), five per character: 32 symbols
// take exactly five bits each, so every character is uniform.
std::string new_ticket_code() {
  static_assert(sizeof kAlphabet - 1 == 32);
  std::array<std::uint8_t, (kCodeLength * 5 + 7) / 8> bits{};
  auth::random_bytes(bits);
  std::string code(kCodeLength, ' ');
  for (std::size_t n = 0; n < kCodeLength; ++n) {
    const std::size_t at = n * 5;
    const unsigned pair =
        (static_cast<unsigned>(bits[at / 8]) << 8) | (at / 8 + 1 < bits.size() ? bits[at / 8 + 1] : 0u);
    code[n] = kAlphabet[(pair >> (11 - at % 8)) & 0x1F];
  }
  return code;
}

std::string normalized_code(std::string_view scanned) {
  std::string code;
  code.reserve(scanned.size());
  for (char c : scanned) {
    if (c == ' ' || c == '-' || c == '\t') continue;
    code.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
  }
  return code;
}

std::vector<Ticket> tickets_for(const Booking& confirmed, std::int64_t now) {
  std::vector<BookingLine> lines = confirmed.items;
  // An answer without lines (from an events service of an older release):
  // the seats of the event's one type.
  if (lines.empty()) lines.push_back({"", "General admission", confirmed.seats});
  std::vector<Ticket> tickets;
  for (const auto& line : lines) {
    for (std::int64_t n = 0; n < line.quantity; ++n) {
      Ticket ticket;
      ticket.id = core::new_id();
      ticket.booking_id = confirmed.id;
      ticket.event_id = confirmed.event_id;
      ticket.seat_no = static_cast<std::int64_t>(tickets.size());
      if (!line.ticket_type_id.empty()) ticket.ticket_type_id = line.ticket_type_id;
      ticket.ticket_type_name = line.name.empty() ? "General admission" : line.name;
      ticket.code = new_ticket_code();
      if (tickets.size() < confirmed.attendees.size()) ticket.attendee = confirmed.attendees[tickets.size()];
      ticket.created_at = now;
      tickets.push_back(std::move(ticket));
    }
  }
  return tickets;
}

boost::json::object ticket_type_json(const Ticket& ticket) {
  return {{"id", text_or_null(ticket.ticket_type_id)}, {"name", ticket.ticket_type_name}};
}

boost::json::value attendee_json(const Ticket& ticket) {
  if (!ticket.attendee) return nullptr;
  return boost::json::object{{"name", ticket.attendee->name}, {"email", ticket.attendee->email}};
}

boost::json::object ticket_json(const Ticket& ticket) {
  boost::json::object out{
      {"id", ticket.id},        {"bookingId", ticket.booking_id},         {"eventId", ticket.event_id},
      {"code", ticket.code},    {"ticketType", ticket_type_json(ticket)}, {"attendee", attendee_json(ticket)},
      {"status", ticket.status}};
  if (ticket.check_in) {
    out["checkedInAt"] = core::format_utc(ticket.check_in->at);
    out["checkedInBy"] = boost::json::object{{"userId", ticket.check_in->by}, {"label", ticket.check_in->label}};
  } else {
    out["checkedInAt"] = nullptr;
    out["checkedInBy"] = nullptr;
  }
  return out;
}

boost::json::array tickets_message(const std::vector<Ticket>& tickets) {
  boost::json::array out;
  for (const auto& ticket : tickets) {
    out.push_back(boost::json::object{{"id", ticket.id},
                                      {"code", ticket.code},
                                      {"ticketType", ticket_type_json(ticket)},
                                      {"attendee", attendee_json(ticket)}});
  }
  return out;
}

std::string read_scanned_code(const boost::json::object& body) {
  core::FieldReader reader(body, {"code"});
  auto code = reader.string("code", true);
  reader.finish();
  if (code->size() > kMaxScannedLength) {
    throw core::ApiError::validation({{"code", "must be at most 64 characters"}});
  }
  auto normalized = normalized_code(*code);
  if (normalized.empty()) throw core::ApiError::validation({{"code", "must not be empty"}});
  return normalized;
}

boost::json::object attendee_row_json(const AttendeeRow& row) {
  const auto& ticket = row.ticket;
  return {{"ticketId", ticket.id},
          {"code", ticket.code},
          {"status", ticket.status},
          {"ticketType", ticket_type_json(ticket)},
          {"attendee", attendee_json(ticket)},
          {"bookingId", ticket.booking_id},
          {"buyerId", row.buyer_id},
          {"paymentStatus", row.payment_status},
          {"checkedInAt", ticket.check_in ? boost::json::value(core::format_utc(ticket.check_in->at)) : nullptr}};
}

std::string attendee_csv_header() {
  return core::csv_record({"Ticket", "Code", "Ticket type", "Attendee name", "Attendee e-mail", "Booking", "Payment",
                           "Status", "Checked in at"});
}

std::string attendee_csv_record(const AttendeeRow& row) {
  const auto& ticket = row.ticket;
  std::string name = ticket.attendee ? ticket.attendee->name : "";
  std::string email = ticket.attendee ? ticket.attendee->email : "";
  std::string checked_in = ticket.check_in ? core::format_utc(ticket.check_in->at) : "";
  return core::csv_record({ticket.id, ticket.code, ticket.ticket_type_name, name, email, ticket.booking_id,
                           row.payment_status, ticket.status, checked_in});
}

}  // namespace eventbook::bookings
