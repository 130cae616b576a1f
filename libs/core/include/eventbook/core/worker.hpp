#pragma once

#include "eventbook/core/loop.hpp"
#include "eventbook/core/task.hpp"

#include <chrono>
#include <functional>
#include <string>
#include <thread>

namespace eventbook::core {

// The one form of background work (a relay, a sweep, a delivery, a queue
// drained in batches): `step` runs on the worker's own thread, as soon as
// the worker starts, again `period` after each run, and at once when
// notify() is called. A step is a coroutine; what it awaits continues on the
// worker's thread. A step that throws is logged and the worker carries on.
class Worker {
 public:
  using Step = std::function<Task<void>()>;
  Worker(std::string name, std::chrono::milliseconds period, Step step);
  ~Worker();  // stop()
  Worker(const Worker&) = delete;
  Worker& operator=(const Worker&) = delete;

  void start();
  // Runs the step again as soon as the one under way (if any) has ended.
  void notify();
  // Lets the step under way end, then joins. Idempotent.
  void stop();

 private:
  void run();

  const std::string name_;
  const std::chrono::milliseconds period_;
  const Step step_;
  Loop loop_;
  bool notified_ = false;  // under loop_'s lock
  bool stopping_ = false;  // under loop_'s lock
  std::thread thread_;
};

}  // namespace eventbook::core
