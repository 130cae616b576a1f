#include "eventbook/core/loop.hpp"
#include "eventbook/core/thread_pool.hpp"
#include "eventbook/core/worker.hpp"
#include "support/eventually.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <future>
#include <stdexcept>
#include <thread>

namespace eventbook::core {
namespace {

Task<int> forty_two() { co_return 42; }

Task<int> doubled() {
  int value = co_await forty_two();
  co_return 2 * value;
}

Task<void> fails() {
  throw std::runtime_error("no");
  co_return;
}

TEST(TaskTest, AwaitsNestedTasksAndReturnsTheirValue) { EXPECT_EQ(run_blocking(doubled()), 84); }

TEST(TaskTest, PassesAnExceptionToTheAwaiter) {
  auto catching = []() -> Task<std::string> {
    try {
      co_await fails();
    } catch (const std::runtime_error& error) {
      co_return error.what();
    }
    co_return "not thrown";
  };
  EXPECT_EQ(run_blocking(catching()), "no");
  EXPECT_THROW(run_blocking(fails()), std::runtime_error);
}

// Deep enough to matter, shallow enough for an unoptimized build, where GCC
// does not turn the symmetric transfer between frames into a tail call.
TEST(TaskTest, AwaitsADeepChainOfTasks) {
  auto count = [](int depth, auto& self) -> Task<int> {
    if (depth == 0) co_return 0;
    int below = co_await self(depth - 1, self);
    co_return 1 + below;
  };
  EXPECT_EQ(run_blocking(count(2000, count)), 2000);
}

TEST(TaskTest, ACompletionFromAnotherThreadResumesOnTheAwaitersThread) {
  auto awaiting = []() -> Task<std::pair<int, bool>> {
    auto caller = std::this_thread::get_id();
    std::thread other;
    int value = co_await wait_for<int>([&](Completion<int> done) {
      other = std::thread([done] {
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
        done(7);
      });
    });
    bool same_thread = std::this_thread::get_id() == caller;
    other.join();
    co_return std::make_pair(value, same_thread);
  };
  auto [value, same_thread] = run_blocking(awaiting());
  EXPECT_EQ(value, 7);
  EXPECT_TRUE(same_thread);
}

TEST(TaskTest, ACompletionBeforeSuspendingContinuesInline) {
  auto awaiting = []() -> Task<int> {
    co_return co_await wait_for<int>([](Completion<int> done) {
      done(1);
      done(2);  // ignored: the first answer counts
    });
  };
  EXPECT_EQ(run_blocking(awaiting()), 1);
}

TEST(TaskTest, ACompletionDroppedUnansweredFailsTheAwaiter) {
  auto awaiting = []() -> Task<void> { co_await wait_for<void>([](Completion<void>) {}); };
  EXPECT_THROW(run_blocking(awaiting()), std::logic_error);
}

TEST(TaskTest, SleepForContinuesAfterTheDelay) {
  auto sleeping = []() -> Task<std::chrono::steady_clock::duration> {
    auto start = std::chrono::steady_clock::now();
    co_await sleep_for(std::chrono::milliseconds(20));
    co_return std::chrono::steady_clock::now() - start;
  };
  EXPECT_GE(run_blocking(sleeping()), std::chrono::milliseconds(20));
}

TEST(TaskTest, WhenAllRunsTasksTogetherAndKeepsEachOutcomeInOrder) {
  ThreadPool pool("test-pool", 4, 16);
  std::atomic<int> running{0};
  std::atomic<int> most{0};
  auto one = [&](int n) -> Task<int> {
    co_return co_await pool.run([&, n] {
      int now = ++running;
      for (int seen = most.load(); now > seen && !most.compare_exchange_weak(seen, now);) {
      }
      // Stays in flight until another task is too (or gives up, and the test fails below).
      testing::poll_until([&] { return most.load() > 1; }, std::chrono::seconds(10));
      --running;
      if (n == 2) throw std::runtime_error("two fails");
      return n * 10;
    });
  };
  auto all = [&]() -> Task<std::vector<Outcome<int>>> {
    std::vector<Task<int>> tasks;
    for (int n = 0; n < 4; ++n) tasks.push_back(one(n));
    co_return co_await when_all(std::move(tasks));
  };
  auto outcomes = run_blocking(all());
  ASSERT_EQ(outcomes.size(), 4u);
  EXPECT_EQ(*outcomes[0].value, 0);
  EXPECT_EQ(*outcomes[1].value, 10);
  EXPECT_THROW(outcomes[2].take(), std::runtime_error);
  EXPECT_EQ(*outcomes[3].value, 30);
  EXPECT_GT(most.load(), 1) << "the tasks were in flight at the same time";
  EXPECT_TRUE(run_blocking(when_all(std::vector<Task<int>>{})).empty());
}

TEST(ThreadPoolTest, RunsWorkOnItsThreadsAndReturnsTheResult) {
  ThreadPool pool("test-pool", 2, 16);
  auto caller = std::this_thread::get_id();
  auto work = [&]() -> Task<bool> {
    auto ran_on = co_await pool.run([] { return std::this_thread::get_id(); });
    co_return ran_on != caller&& std::this_thread::get_id() == caller;
  };
  EXPECT_TRUE(run_blocking(work()));
  EXPECT_THROW(run_blocking(pool.run([]() -> int { throw std::runtime_error("inside"); })), std::runtime_error);
}

TEST(ThreadPoolTest, RefusesWithBusyBeyondItsBound) {
  ThreadPool pool("test-pool", 1, 1);
  std::promise<void> release;
  std::promise<void> started;
  auto released = release.get_future().share();
  std::thread holder([&] {
    run_blocking(pool.run([&started, released] {
      started.set_value();
      released.wait();
    }));
  });
  started.get_future().wait();  // the holder's work occupies the only place
  try {
    run_blocking(pool.run([] {}));
    ADD_FAILURE() << "not refused";
  } catch (const ApiError& error) {
    EXPECT_EQ(error.status(), 503);
  }
  EXPECT_EQ(pool.rejected(), 1);
  release.set_value();
  holder.join();
}

TEST(WorkerTest, RunsAtStartAndAgainWhenNotified) {
  std::atomic<int> runs{0};
  std::promise<void> second;
  Worker worker("test-worker", std::chrono::hours(1), [&]() -> Task<void> {
    if (++runs == 2) second.set_value();
    co_return;
  });
  worker.start();
  worker.notify();
  EXPECT_EQ(second.get_future().wait_for(std::chrono::seconds(10)), std::future_status::ready);
  worker.stop();
  EXPECT_GE(runs.load(), 2);
}

TEST(WorkerTest, AFailingStepIsRunAgainAfterItsPeriod) {
  std::atomic<int> runs{0};
  std::promise<void> again;
  Worker worker("test-worker", std::chrono::milliseconds(1), [&]() -> Task<void> {
    if (++runs == 2) again.set_value();
    throw std::runtime_error("step failed");
    co_return;
  });
  worker.start();
  EXPECT_EQ(again.get_future().wait_for(std::chrono::seconds(10)), std::future_status::ready);
  worker.stop();
}

TEST(WorkerTest, StopLetsTheStepUnderWayFinish) {
  std::atomic<bool> finished{false};
  std::promise<void> started;
  Worker worker("test-worker", std::chrono::hours(1), [&]() -> Task<void> {
    started.set_value();
    co_await sleep_for(std::chrono::milliseconds(30));
    finished = true;
  });
  worker.start();
  started.get_future().wait();
  worker.stop();
  EXPECT_TRUE(finished.load());
}

}  // namespace
}  // namespace eventbook::core
