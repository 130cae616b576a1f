#include "support/process.hpp"
#include "eventbook/core/loop.hpp"
#include "support/eventually.hpp"

#include "eventbook/core/id.hpp"
#include "eventbook/http/client.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <mutex>
#include <set>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace eventbook::testing {

namespace {

pid_t spawn(const std::string& program, const std::vector<std::string>& args,
            const std::map<std::string, std::string>& env, const std::filesystem::path& log) {
  pid_t pid = ::fork();
  if (pid < 0) {
    throw std::runtime_error("fork failed");
  }
  if (pid == 0) {
    int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd >= 0) {
      ::dup2(fd, STDOUT_FILENO);
      ::dup2(fd, STDERR_FILENO);
      ::close(fd);
    }
    for (const auto& [name, value] : env) {
      ::setenv(name.c_str(), value.c_str(), 1);
    }
    std::vector<char*> argv;
    argv.push_back(const_cast<char*>(program.c_str()));
    for (const auto& arg : args) {
      argv.push_back(const_cast<char*>(arg.c_str()));
    }
    argv.push_back(nullptr);
    ::execv(program.c_str(), argv.data());
    ::_exit(127);
  }
  return pid;
}

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

Process::Process(const std::string& program, const std::vector<std::string>& args,
                 const std::map<std::string, std::string>& env)
    : log_path_(std::filesystem::temp_directory_path() / ("eventbook-process-" + core::new_id() + ".log")) {
  pid_ = spawn(program, args, env, log_path_);
}

Process::~Process() {
  if (running()) {
    terminate(std::chrono::seconds(5));
  }
  if (running()) {
    kill();
  }
  std::filesystem::remove(log_path_);
}

bool Process::running() {
  if (pid_ <= 0) {
    return false;
  }
  int status = 0;
  pid_t done = ::waitpid(pid_, &status, WNOHANG);
  if (done == pid_) {
    status_ = status;
    pid_ = -1;
    return false;
  }
  return true;
}

int Process::terminate(std::chrono::milliseconds timeout) {
  if (!running()) {
    return WIFEXITED(status_) ? WEXITSTATUS(status_) : -1;
  }
  ::kill(pid_, SIGTERM);
  if (!poll_until([this] { return !running(); }, timeout)) {
    return -1;
  }
  return WIFEXITED(status_) ? WEXITSTATUS(status_) : -1;
}

void Process::kill() {
  if (pid_ > 0) {
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, &status_, 0);
    pid_ = -1;
  }
}

std::string Process::log() const { return read_file(log_path_); }

RunResult run(const std::string& program, const std::vector<std::string>& args,
              const std::map<std::string, std::string>& env) {
  auto log = std::filesystem::temp_directory_path() / ("eventbook-run-" + core::new_id() + ".log");
  pid_t pid = spawn(program, args, env, log);
  int status = 0;
  ::waitpid(pid, &status, 0);
  RunResult result{WIFEXITED(status) ? WEXITSTATUS(status) : -1, read_file(log)};
  std::filesystem::remove(log);
  return result;
}

std::uint16_t free_port() {
  // The kernel may hand out a port it just gave us again once we closed it:
  // never return the same one twice in this process.
  static std::mutex mutex;
  static std::set<std::uint16_t> given;
  std::lock_guard lock(mutex);
  for (;;) {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    socklen_t length = sizeof addr;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &length);
    ::close(fd);
    auto port = ntohs(addr.sin_port);
    if (given.insert(port).second) return port;
  }
}

bool wait_healthy(std::uint16_t port, std::chrono::milliseconds timeout) {
  http::Client client("http://127.0.0.1:" + std::to_string(port),
                      {.connect_timeout = std::chrono::milliseconds(500), .request_timeout = std::chrono::seconds(2)});
  return poll_until(
      [&] {
        try {
          return core::run_blocking(client.request("GET", "/healthz")).status == 200;
        } catch (const http::ClientError&) {
          return false;
        }
      },
      timeout, std::chrono::milliseconds(50));
}

}  // namespace eventbook::testing
