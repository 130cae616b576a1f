#pragma once

// Turning what a client sent into a Request: the checks the server makes on
// a request's head before reading its body, and the conversion from Beast's
// message. Used by connection.cpp and by the fuzz target of tests/fuzz.

#include "eventbook/http/message.hpp"

#include <boost/beast/core/error.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>

#include <optional>
#include <string>
#include <vector>

namespace eventbook::http {

namespace bhttp = boost::beast::http;

// Whether a read failed on what the client sent (answered 400) rather than
// on the connection closing or timing out (answered nothing).
bool malformed(const boost::beast::error_code& ec);

// The transfer codings of a request's Transfer-Encoding headers, lower-cased,
// in order.
std::vector<std::string> transfer_codings(const bhttp::fields& fields);

// Why a request's framing could be read two ways (by this server and by a
// proxy in front of it), which would let one request smuggle another inside
// its body (RFC 9112 sections 3.2 and 6.3); nothing when it is unambiguous.
// Such a request is answered 400 and its connection closed.
std::optional<std::string> framing_problem(const bhttp::request_header<>& request);

Request to_request(bhttp::request<bhttp::string_body>&& in, const std::string& remote);

}  // namespace eventbook::http
