#include "eventbook/auth/jwt.hpp"

#include "token_support.hpp"

#include <gtest/gtest.h>
#include <sodium.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <latch>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace eventbook::auth {
namespace {

namespace fs = std::filesystem;

constexpr std::int64_t kNow = 1'750'000'000;

class SigningKeyFile : public ::testing::Test {
 protected:
  void SetUp() override {
    testing_support::init_sodium();
    dir_ = fs::path(::testing::TempDir()) / ("auth-key-test-" + std::to_string(randombytes_random()));
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  static std::string read(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
  }

  static void write(const fs::path& file, const std::string& text) {
    std::ofstream out(file, std::ios::binary);
    out << text;
  }

  std::vector<std::string> files_in(const fs::path& dir) const {
    std::vector<std::string> names;
    for (const auto& entry : fs::directory_iterator(dir)) {
      names.push_back(entry.path().filename().string());
    }
    return names;
  }

  fs::path dir_;
};

TEST(SigningKey, GeneratedKeysDiffer) {
  auto first = SigningKey::generate();
  auto second = SigningKey::generate();
  EXPECT_NE(first.kid(), second.kid());
  EXPECT_NE(first.public_key().bytes, second.public_key().bytes);
  EXPECT_EQ(first.kid(), testing_support::expected_kid(first.public_key().bytes));
  EXPECT_EQ(first.kid().size(), 11u);
}

TEST_F(SigningKeyFile, CreatesAnOwnerOnlyFileHoldingTheSeed) {
  auto file = dir_ / "keys" / "nested" / "signing.key";
  auto key = SigningKey::load_or_create(file);

  struct stat info {};
  ASSERT_EQ(::stat(file.c_str(), &info), 0);
  EXPECT_TRUE(S_ISREG(info.st_mode));
  EXPECT_EQ(info.st_mode & 07777, 0600u);

  auto text = read(file);
  ASSERT_FALSE(text.empty());
  EXPECT_EQ(text.back(), '\n');
  EXPECT_EQ(text.find('\n'), text.size() - 1);
  std::array<unsigned char, crypto_sign_SEEDBYTES> seed{};
  std::size_t size = 0;
  ASSERT_EQ(sodium_base642bin(seed.data(), seed.size(), text.data(), text.size() - 1, nullptr, &size, nullptr,
                              sodium_base64_VARIANT_ORIGINAL),
            0);
  ASSERT_EQ(size, seed.size());
  std::array<unsigned char, crypto_sign_PUBLICKEYBYTES> pk{};
  std::array<unsigned char, crypto_sign_SECRETKEYBYTES> sk{};
  crypto_sign_seed_keypair(pk.data(), sk.data(), seed.data());
  EXPECT_EQ(pk, key.public_key().bytes);

  EXPECT_EQ(files_in(file.parent_path()), std::vector<std::string>{"signing.key"});
}

TEST_F(SigningKeyFile, LoadingAgainGivesTheSameKey) {
  auto file = dir_ / "signing.key";
  auto created = SigningKey::load_or_create(file);
  auto loaded = SigningKey::load_or_create(file);
  EXPECT_EQ(created.kid(), loaded.kid());
  EXPECT_EQ(created.public_key().bytes, loaded.public_key().bytes);

  // The private half is the same too: each verifies the other's tokens.
  Claims claims{"user-1", "attendee", kNow, kNow + 60};
  EXPECT_NO_THROW(Verifier({created.public_key()}).verify(loaded.sign(claims), kNow));
  EXPECT_NO_THROW(Verifier({loaded.public_key()}).verify(created.sign(claims), kNow));
  EXPECT_NE(SigningKey::load_or_create(dir_ / "other.key").kid(), created.kid());
}

TEST_F(SigningKeyFile, LoadsASeedWrittenByHand) {
  std::array<unsigned char, crypto_sign_SEEDBYTES> seed{};
  for (std::size_t i = 0; i < seed.size(); ++i) {
    seed[i] = static_cast<unsigned char>(i * 7 + 1);
  }
  std::array<unsigned char, crypto_sign_PUBLICKEYBYTES> pk{};
  std::array<unsigned char, crypto_sign_SECRETKEYBYTES> sk{};
  crypto_sign_seed_keypair(pk.data(), sk.data(), seed.data());

  // As `head -c 32 /dev/urandom | base64` would print it.
  std::string line(sodium_base64_ENCODED_LEN(seed.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(line.data(), line.size(), seed.data(), seed.size(), sodium_base64_VARIANT_ORIGINAL);
  line.pop_back();
  write(dir_ / "standard.key", line + "\n");
  EXPECT_EQ(SigningKey::load_or_create(dir_ / "standard.key").public_key().bytes, pk);

  write(dir_ / "url.key", testing_support::b64url(seed.data(), seed.size()));
  EXPECT_EQ(SigningKey::load_or_create(dir_ / "url.key").public_key().bytes, pk);
}

TEST_F(SigningKeyFile, MalformedFileIsAnErrorAndStaysUntouched) {
  auto short_seed = testing_support::b64url(std::string(16, 'k'));
  // A whole 64-byte libsodium secret key is not a seed either.
  auto long_seed = testing_support::b64url(std::string(64, 'k'));
  for (const std::string& text :
       {std::string(), std::string("not a key\n"), short_seed + "\n", long_seed + "\n", std::string(4096, 'A')}) {
    auto file = dir_ / "bad.key";
    write(file, text);
    EXPECT_THROW(SigningKey::load_or_create(file), std::runtime_error) << text;
    EXPECT_EQ(read(file), text);
  }
}

TEST_F(SigningKeyFile, UnusablePathIsAnError) {
  write(dir_ / "plain-file", "x");
  EXPECT_THROW(SigningKey::load_or_create(dir_ / "plain-file" / "signing.key"), std::runtime_error);
}

TEST_F(SigningKeyFile, ConcurrentCreatorsAllEndWithTheWinnersKey) {
  constexpr int kThreads = 6;
  for (int round = 0; round < 10; ++round) {
    auto file = dir_ / ("race-" + std::to_string(round)) / "signing.key";
    std::latch start(kThreads);
    std::vector<std::string> kids(kThreads);
    std::vector<std::thread> threads;
    for (int i = 0; i < kThreads; ++i) {
      threads.emplace_back([&, i] {
        start.arrive_and_wait();
        kids[i] = SigningKey::load_or_create(file).kid();
      });
    }
    for (auto& thread : threads) {
      thread.join();
    }
    auto on_disk = SigningKey::load_or_create(file).kid();
    for (const auto& kid : kids) {
      EXPECT_EQ(kid, on_disk) << "round " << round;
    }
    EXPECT_EQ(files_in(file.parent_path()), std::vector<std::string>{"signing.key"});
  }
}

}  // namespace
}  // namespace eventbook::auth
