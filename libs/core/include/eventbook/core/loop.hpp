#pragma once

#include "eventbook/core/task.hpp"

#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <optional>

namespace eventbook::core {

// An executor for the one thread that runs it: posted work runs inside
// run_until() on that thread, in order, and timed work once it is due.
class Loop final : public Executor {
 public:
  using Clock = std::chrono::steady_clock;

  void post(std::function<void()> work) override;
  void post_after(std::chrono::milliseconds delay, std::function<void()> work) override;

  // Runs posted and due work until `done` holds (looked at under the loop's
  // lock, between pieces of work) or, when given, `deadline` passes; returns
  // whether done held.
  bool run_until(const std::function<bool()>& done, std::optional<Clock::time_point> deadline = std::nullopt);
  // Changes what run_until's `done` looks at, under the loop's lock, and
  // wakes it to look again.
  void update(const std::function<void()>& change);

 private:
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<std::function<void()>> ready_;
  std::multimap<Clock::time_point, std::function<void()>> timed_;
};

// Runs task to its end on this thread and returns its result. Only where
// nothing else is in flight: migrations, the command line, test set-up.
template <class T>
T run_blocking(Task<T> task) {
  Loop loop;
  bool finished = false;
  Outcome<T> outcome;
  spawn(loop, std::move(task), [&](Outcome<T> ended) {
    outcome = std::move(ended);
    loop.update([&] { finished = true; });
  });
  loop.run_until([&] { return finished; });
  return outcome.take();
}

}  // namespace eventbook::core
