#include "eventbook/auth/jwt.hpp"

#include "sodium.hpp"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <stdexcept>
#include <system_error>

namespace eventbook::auth {

namespace {

namespace fs = std::filesystem;

// A key file is one short line; anything much larger is not ours.
constexpr std::size_t kMaxKeyFileBytes = 1024;

// Wiped when it goes out of scope, on every path.
struct Seed {
  std::array<unsigned char, crypto_sign_SEEDBYTES> bytes{};
  Seed() = default;
  Seed(const Seed&) = delete;
  Seed& operator=(const Seed&) = delete;
  ~Seed() { sodium_memzero(bytes.data(), bytes.size()); }
};

struct WipeOnExit {
  std::string& text;
  ~WipeOnExit() { sodium_memzero(text.data(), text.size()); }
};

class FileDescriptor {
 public:
  explicit FileDescriptor(int fd) noexcept : fd_(fd) {}
  FileDescriptor(const FileDescriptor&) = delete;
  FileDescriptor& operator=(const FileDescriptor&) = delete;
  ~FileDescriptor() {
    if (fd_ >= 0) {
      ::close(fd_);
    }
  }
  int get() const noexcept { return fd_; }

 private:
  int fd_;
};

// Removes a temporary file unless it was never created.
struct TemporaryFile {
  fs::path path;
  ~TemporaryFile() { ::unlink(path.c_str()); }
};

[[noreturn]] void throw_errno(int error, const std::string& what, const fs::path& path) {
  throw std::system_error(error, std::generic_category(), what + " " + path.string());
}

void derive_keys(const Seed& seed, std::array<unsigned char, 64>& secret, PublicKey& public_key) {
  static_assert(crypto_sign_SECRETKEYBYTES == 64 && crypto_sign_PUBLICKEYBYTES == 32);
  crypto_sign_seed_keypair(public_key.bytes.data(), secret.data(), seed.bytes.data());
  public_key.kid = detail::key_id(public_key.bytes);
}

// False when the file does not exist.
bool read_seed(const fs::path& file, Seed& seed) {
  FileDescriptor fd(::open(file.c_str(), O_RDONLY | O_CLOEXEC));
  if (fd.get() < 0) {
    if (errno == ENOENT) {
      return false;
    }
    throw_errno(errno, "cannot open key file", file);
  }
  std::string text(kMaxKeyFileBytes + 1, '\0');
  WipeOnExit wipe_text{text};
  std::size_t filled = 0;
  while (filled < text.size()) {
    auto count = ::read(fd.get(), text.data() + filled, text.size() - filled);
    if (count < 0) {
      if (errno == EINTR) {
        continue;
      }
      throw_errno(errno, "cannot read key file", file);
    }
    if (count == 0) {
      break;
    }
    filled += static_cast<std::size_t>(count);
  }
  if (filled > kMaxKeyFileBytes) {
    throw std::runtime_error("key file " + file.string() + " is too large to be a key");
  }
  std::string_view line(text.data(), filled);
  while (!line.empty() && (line.back() == '\n' || line.back() == '\r' || line.back() == ' ')) {
    line.remove_suffix(1);
  }
  // Written as standard base64; base64url is accepted too for hand-made keys.
  auto decoded = detail::base64_decode(line);
  if (!decoded) {
    decoded = detail::base64url_decode(line);
  }
  if (!decoded || decoded->size() != seed.bytes.size()) {
    if (decoded) {
      sodium_memzero(decoded->data(), decoded->size());
    }
    throw std::runtime_error("key file " + file.string() + " does not hold a base64 32-byte Ed25519 seed");
  }
  std::copy(decoded->begin(), decoded->end(), seed.bytes.begin());
  sodium_memzero(decoded->data(), decoded->size());
  return true;
}

void write_all(int fd, std::string_view data, const fs::path& path) {
  while (!data.empty()) {
    auto count = ::write(fd, data.data(), data.size());
    if (count < 0) {
      if (errno == EINTR) {
        continue;
      }
      throw_errno(errno, "cannot write", path);
    }
    data.remove_prefix(static_cast<std::size_t>(count));
  }
}

std::string random_suffix() {
  std::array<unsigned char, 8> bytes{};
  randombytes_buf(bytes.data(), bytes.size());
  std::string hex(bytes.size() * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), bytes.data(), bytes.size());
  hex.pop_back();
  return hex;
}

// Makes a fresh seed and publishes it at `file`. The seed is written in full to
// a private temporary file first and then hard-linked into place: link() never
// replaces an existing file, so when processes race exactly one key wins and
// nobody can read a half-written one. False when another process won.
bool create_seed_file(const fs::path& file, Seed& seed) {
  if (file.has_parent_path()) {
    fs::create_directories(file.parent_path());
  }
  randombytes_buf(seed.bytes.data(), seed.bytes.size());
  std::string line = detail::base64_encode(seed.bytes) + "\n";
  WipeOnExit wipe_line{line};

  fs::path temporary = file;
  temporary += ".tmp-" + random_suffix();
  FileDescriptor fd(::open(temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600));
  if (fd.get() < 0) {
    throw_errno(errno, "cannot create key file", temporary);
  }
  TemporaryFile cleanup{temporary};
  // The umask may only narrow the mode; make it exactly owner read/write.
  if (::fchmod(fd.get(), 0600) != 0) {
    throw_errno(errno, "cannot set the mode of", temporary);
  }
  write_all(fd.get(), line, temporary);
  if (::fsync(fd.get()) != 0) {
    throw_errno(errno, "cannot sync", temporary);
  }
  if (::link(temporary.c_str(), file.c_str()) != 0) {
    if (errno == EEXIST) {
      return false;
    }
    throw_errno(errno, "cannot create key file", file);
  }
  return true;
}

}  // namespace

SigningKey SigningKey::generate() {
  detail::ensure_sodium();
  Seed seed;
  randombytes_buf(seed.bytes.data(), seed.bytes.size());
  SigningKey key;
  derive_keys(seed, key.secret_, key.public_);
  return key;
}

SigningKey SigningKey::load_or_create(const std::filesystem::path& file) {
  detail::ensure_sodium();
  Seed seed;
  // The second read picks up the key of a process that created the file first.
  bool found = read_seed(file, seed) || create_seed_file(file, seed) || read_seed(file, seed);
  if (!found) {
    throw std::runtime_error("key file " + file.string() + " disappeared while it was being created");
  }
  SigningKey key;
  derive_keys(seed, key.secret_, key.public_);
  return key;
}

}  // namespace eventbook::auth
