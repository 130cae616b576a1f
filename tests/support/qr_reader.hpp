#pragma once

#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>

namespace eventbook::testing {

// Reads the QR code in a PNG image with zbarimg (zbar-tools), a reader that
// shares no code with the encoder, and returns the text it holds. Throws
// std::runtime_error (failing the test) when zbarimg is missing or finds no
// code.
inline std::string read_qr_png(std::string_view png) {
  if (std::system("command -v zbarimg >/dev/null 2>&1") != 0) {
    throw std::runtime_error(
        "zbarimg is not installed, so QR codes cannot be read back: install zbar-tools (scripts/bootstrap test)");
  }
  static std::atomic<int> counter{0};
  auto base = std::filesystem::temp_directory_path() /
              ("eventbook-qr-" + std::to_string(::getpid()) + "-" + std::to_string(++counter));
  struct Files {
    std::filesystem::path image;
    std::filesystem::path errors;
    ~Files() {
      std::filesystem::remove(image);
      std::filesystem::remove(errors);
    }
  } files{base.string() + ".png", base.string() + ".err"};
  std::ofstream(files.image, std::ios::binary).write(png.data(), static_cast<std::streamsize>(png.size()));

  std::string command = "zbarimg --raw -q '" + files.image.string() + "' 2>'" + files.errors.string() + "'";
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) throw std::runtime_error("could not run zbarimg");
  std::string text;
  char buffer[4096];
  std::size_t length = 0;
  while ((length = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) text.append(buffer, length);
  int status = ::pclose(pipe);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    std::stringstream errors;
    errors << std::ifstream(files.errors).rdbuf();
    throw std::runtime_error("zbarimg read no QR code (status " + std::to_string(status) + "): " + errors.str());
  }
  // --raw ends each code it reads with a line feed.
  if (text.ends_with('\n')) text.pop_back();
  return text;
}

}  // namespace eventbook::testing
