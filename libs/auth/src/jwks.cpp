#include "eventbook/auth/jwt.hpp"

#include "sodium.hpp"

#include <boost/json/array.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include <algorithm>
#include <stdexcept>

namespace eventbook::auth {

namespace {

// A member that may be absent, but must be a string when present.
const boost::json::string* optional_string(const boost::json::object& key, std::string_view name) {
  const auto* value = key.if_contains(name);
  if (value == nullptr) {
    return nullptr;
  }
  if (!value->is_string()) {
    throw std::invalid_argument("JWKS key member \"" + std::string(name) + "\" is not a string");
  }
  return &value->as_string();
}

const boost::json::string& required_string(const boost::json::object& key, std::string_view name) {
  const auto* value = optional_string(key, name);
  if (value == nullptr) {
    throw std::invalid_argument("JWKS key has no \"" + std::string(name) + "\"");
  }
  return *value;
}

}  // namespace

boost::json::object to_jwks(const std::vector<PublicKey>& keys) {
  boost::json::array list;
  for (const auto& key : keys) {
    list.push_back(boost::json::object{{"kty", "OKP"},
                                       {"crv", "Ed25519"},
                                       {"alg", "EdDSA"},
                                       {"use", "sig"},
                                       {"kid", key.kid},
                                       {"x", detail::base64url_encode(key.bytes)}});
  }
  return boost::json::object{{"keys", std::move(list)}};
}

std::vector<PublicKey> parse_jwks(std::string_view json) {
  boost::system::error_code ec;
  auto document = boost::json::parse(json, ec);
  if (ec) {
    throw std::invalid_argument("JWKS is not valid JSON: " + ec.message());
  }
  const auto* set = document.if_object();
  const auto* entries = set == nullptr ? nullptr : set->if_contains("keys");
  if (entries == nullptr || !entries->is_array()) {
    throw std::invalid_argument("JWKS is not an object with a \"keys\" array");
  }

  std::vector<PublicKey> keys;
  for (const auto& entry : entries->as_array()) {
    const auto* key = entry.if_object();
    if (key == nullptr) {
      throw std::invalid_argument("JWKS key is not an object");
    }
    // A key set may carry keys for other algorithms or uses; they are not ours to check.
    if (required_string(*key, "kty") != "OKP" || required_string(*key, "crv") != "Ed25519") {
      continue;
    }
    const auto* alg = optional_string(*key, "alg");
    const auto* use = optional_string(*key, "use");
    if ((alg != nullptr && *alg != "EdDSA") || (use != nullptr && *use != "sig")) {
      continue;
    }
    auto x = detail::base64url_decode(required_string(*key, "x"));
    PublicKey public_key;
    if (!x || x->size() != public_key.bytes.size()) {
      throw std::invalid_argument("JWKS key \"x\" is not 32 bytes of base64url");
    }
    std::copy(x->begin(), x->end(), public_key.bytes.begin());
    const auto* kid = optional_string(*key, "kid");
    if (kid != nullptr && kid->empty()) {
      throw std::invalid_argument("JWKS key has an empty \"kid\"");
    }
    public_key.kid = kid != nullptr ? std::string(*kid) : detail::key_id(public_key.bytes);
    keys.push_back(std::move(public_key));
  }
  return keys;
}

}  // namespace eventbook::auth
