#pragma once

#include <chrono>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include <sys/types.h>

namespace eventbook::testing {

// A child process of the test, stopped with SIGTERM (then SIGKILL) when the
// object goes away. Its output goes to a log file kept for failure reports.
class Process {
 public:
  Process(const std::string& program, const std::vector<std::string>& args,
          const std::map<std::string, std::string>& env = {});
  ~Process();
  Process(const Process&) = delete;
  Process& operator=(const Process&) = delete;

  pid_t pid() const noexcept { return pid_; }
  // Sends SIGTERM and waits; returns the exit status, or -1 on timeout.
  int terminate(std::chrono::milliseconds timeout = std::chrono::seconds(15));
  void kill();
  bool running();
  std::string log() const;

 private:
  pid_t pid_ = -1;
  int status_ = -1;
  std::filesystem::path log_path_;
};

// Runs a command to completion; returns its exit code and output.
struct RunResult {
  int exit_code = -1;
  std::string output;
};
RunResult run(const std::string& program, const std::vector<std::string>& args,
              const std::map<std::string, std::string>& env = {});

// A TCP port on 127.0.0.1 that nothing listens on right now.
std::uint16_t free_port();

// Polls http://127.0.0.1:PORT/healthz until it answers 200; false on timeout.
bool wait_healthy(std::uint16_t port, std::chrono::milliseconds timeout = std::chrono::seconds(20));

}  // namespace eventbook::testing
