#pragma once

#include "eventbook/core/error.hpp"
#include "eventbook/core/task.hpp"

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <type_traits>
#include <vector>

namespace eventbook::core {

// Threads for work that would hold an I/O thread too long: a blocking
// driver's call, Argon2id, a large export. Bounded: beyond `max_waiting`
// pieces of work queued or running, run() fails at once with 503.
class ThreadPool {
 public:
  ThreadPool(std::string name, int threads, int max_waiting);
  ~ThreadPool();  // finishes what is queued, then joins
  ThreadPool(const ThreadPool&) = delete;
  ThreadPool& operator=(const ThreadPool&) = delete;

  // Runs work() on a pool thread; the awaiting coroutine continues on its
  // own executor with work's result, or what it threw.
  template <class Work>
  Task<std::invoke_result_t<Work&>> run(Work work) {
    using Value = std::invoke_result_t<Work&>;
    co_return co_await wait_for<Value>([this, &work](Completion<Value> done) {
      bool queued = submit([work = std::move(work), done]() mutable {
        try {
          if constexpr (std::is_void_v<Value>) {
            work();
            done();
          } else {
            done(work());
          }
        } catch (...) {
          done.fail(std::current_exception());
        }
      });
      if (!queued) done.fail(std::make_exception_ptr(busy()));
    });
  }

  const std::string& name() const noexcept { return name_; }
  // How many pieces of work were refused because the pool was full.
  std::int64_t rejected() const noexcept { return rejected_.load(std::memory_order_relaxed); }

 private:
  bool submit(std::function<void()> job);
  ApiError busy() const;
  void serve();

  const std::string name_;
  const std::size_t max_waiting_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<std::function<void()>> queue_;
  std::size_t running_ = 0;
  bool stopping_ = false;
  std::atomic<std::int64_t> rejected_{0};
  std::vector<std::thread> threads_;  // last: started once everything above exists
};

}  // namespace eventbook::core
