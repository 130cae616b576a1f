#include "eventbook/core/log.hpp"
#include "eventbook/core/loop.hpp"
#include "eventbook/core/thread_pool.hpp"
#include "eventbook/core/worker.hpp"

#include <pthread.h>

#include <stdexcept>

namespace eventbook::core {

std::exception_ptr never_completed() {
  return std::make_exception_ptr(std::logic_error("an awaited operation ended without completing"));
}

void Loop::post(std::function<void()> work) {
  {
    std::lock_guard lock(mutex_);
    ready_.push_back(std::move(work));
  }
  wake_.notify_one();
}

void Loop::post_after(std::chrono::milliseconds delay, std::function<void()> work) {
  {
    std::lock_guard lock(mutex_);
    timed_.emplace(Clock::now() + delay, std::move(work));
  }
  wake_.notify_one();
}

void Loop::update(const std::function<void()>& change) {
  {
    std::lock_guard lock(mutex_);
    change();
  }
  wake_.notify_one();
}

bool Loop::run_until(const std::function<bool()>& done, std::optional<Clock::time_point> deadline) {
  for (;;) {
    std::function<void()> work;
    {
      std::unique_lock lock(mutex_);
      for (;;) {
        auto now = Clock::now();
        if (!timed_.empty() && timed_.begin()->first <= now) {
          ready_.push_back(std::move(timed_.begin()->second));
          timed_.erase(timed_.begin());
          continue;
        }
        if (!ready_.empty()) {
          work = std::move(ready_.front());
          ready_.pop_front();
          break;
        }
        if (done()) return true;
        if (deadline && *deadline <= now) return false;
        auto until = deadline;
        if (!timed_.empty() && (!until || timed_.begin()->first < *until)) until = timed_.begin()->first;
        if (until) {
          wake_.wait_until(lock, *until);
        } else {
          wake_.wait(lock);
        }
      }
    }
    work();
  }
}

ThreadPool::ThreadPool(std::string name, int threads, int max_waiting)
    : name_(std::move(name)), max_waiting_(static_cast<std::size_t>(std::max(1, max_waiting))) {
  for (int n = 0; n < std::max(1, threads); ++n) {
    threads_.emplace_back([this] {
      pthread_setname_np(pthread_self(), name_.substr(0, 15).c_str());  // Linux allows 15 characters
      serve();
    });
  }
}

ThreadPool::~ThreadPool() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  for (auto& thread : threads_) thread.join();
}

bool ThreadPool::submit(std::function<void()> job) {
  {
    std::lock_guard lock(mutex_);
    if (stopping_ || queue_.size() + running_ >= max_waiting_) {
      rejected_.fetch_add(1, std::memory_order_relaxed);
      return false;
    }
    queue_.push_back(std::move(job));
  }
  wake_.notify_one();
  return true;
}

ApiError ThreadPool::busy() const {
  return ApiError::unavailable("The server is busy; retry shortly.", "the " + name_ + " pool is full");
}

void ThreadPool::serve() {
  for (;;) {
    std::function<void()> job;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [this] { return !queue_.empty() || stopping_; });
      if (queue_.empty()) return;
      job = std::move(queue_.front());
      queue_.pop_front();
      ++running_;
    }
    job();
    std::lock_guard lock(mutex_);
    --running_;
  }
}

Worker::Worker(std::string name, std::chrono::milliseconds period, Step step)
    : name_(std::move(name)), period_(period), step_(std::move(step)) {}

Worker::~Worker() { stop(); }

void Worker::start() {
  if (thread_.joinable()) return;
  loop_.update([this] { stopping_ = false; });
  thread_ = std::thread([this] {
    pthread_setname_np(pthread_self(), name_.substr(0, 15).c_str());
    run();
  });
}

void Worker::notify() {
  loop_.update([this] { notified_ = true; });
}

void Worker::stop() {
  loop_.update([this] { stopping_ = true; });
  if (thread_.joinable()) thread_.join();
}

void Worker::run() {
  for (;;) {
    bool finished = false;
    spawn(loop_, step_(), [&](Outcome<void> outcome) {
      if (outcome.error) {
        log::warn(name_, "background step failed; it runs again later", {{"error", describe(outcome.error)}});
      }
      loop_.update([&] { finished = true; });
    });
    loop_.run_until([&] { return finished; });
    bool stopping = false;
    loop_.run_until([&] { return notified_ || stopping_; }, Loop::Clock::now() + period_);
    loop_.update([&] {
      notified_ = false;
      stopping = stopping_;
    });
    if (stopping) return;
  }
}

}  // namespace eventbook::core
