#pragma once

#include <atomic>
#include <chrono>
#include <coroutine>
#include <exception>
#include <functional>
#include <memory>
#include <optional>
#include <type_traits>
#include <utility>
#include <vector>

namespace eventbook::core {

// Where a coroutine continues after it waited for work done on another
// thread (a commit, a reply from another service): the connection's strand
// in the HTTP server, a Worker's own thread, the caller of run_blocking.
class Executor {
 public:
  virtual ~Executor() = default;
  virtual void post(std::function<void()> work) = 0;
  // Runs work here once `delay` has passed.
  virtual void post_after(std::chrono::milliseconds delay, std::function<void()> work) = 0;
  // Continues a suspended coroutine here; an executor may do it without
  // wrapping the handle in a std::function.
  virtual void resume(std::coroutine_handle<> suspended) {
    post([suspended] { suspended.resume(); });
  }
};

template <class T = void>
class Task;

// What an operation ends with: a value, or the error instead.
template <class T>
struct Outcome {
  std::exception_ptr error;
  std::optional<T> value;
  T take() {
    if (error) std::rethrow_exception(error);
    return std::move(*value);
  }
};

template <>
struct Outcome<void> {
  std::exception_ptr error;
  void take() const {
    if (error) std::rethrow_exception(error);
  }
};

namespace detail {

template <class T>
struct Promise;

// The executor of the coroutine that awaits: where a completion resumes it.
template <class P>
Executor* executor_of(std::coroutine_handle<P> waiting) noexcept;

// Owns the awaited task's frame from the moment it is awaited, so that the
// frame lives exactly as long as the co_await, whatever becomes of the Task
// object it came from.
template <class T>
struct TaskAwaiter {
  explicit TaskAwaiter(std::coroutine_handle<Promise<T>> owned) noexcept : handle(owned) {}
  TaskAwaiter(TaskAwaiter&& other) noexcept : handle(std::exchange(other.handle, {})) {}
  TaskAwaiter(const TaskAwaiter&) = delete;
  TaskAwaiter& operator=(const TaskAwaiter&) = delete;
  TaskAwaiter& operator=(TaskAwaiter&&) = delete;
  ~TaskAwaiter() {
    if (handle) handle.destroy();
  }

  std::coroutine_handle<Promise<T>> handle;
  bool await_ready() const noexcept { return false; }
  template <class P>
  std::coroutine_handle<> await_suspend(std::coroutine_handle<P> waiting) noexcept {
    handle.promise().continuation = waiting;
    if (auto* executor = executor_of(waiting)) handle.promise().executor = executor;  // else as bound
    return handle;
  }
  T await_resume() { return handle.promise().take(); }
};

struct PromiseBase {
  std::coroutine_handle<> continuation;
  Executor* executor = nullptr;
  std::exception_ptr error;

  std::suspend_always initial_suspend() noexcept { return {}; }
  struct FinalAwaiter {
    bool await_ready() noexcept { return false; }
    template <class Promise>
    std::coroutine_handle<> await_suspend(std::coroutine_handle<Promise> done) noexcept {
      auto next = done.promise().continuation;
      return next ? next : std::noop_coroutine();
    }
    void await_resume() noexcept {}
  };
  FinalAwaiter final_suspend() noexcept { return {}; }
  void unhandled_exception() noexcept { error = std::current_exception(); }
};

template <class T>
struct Promise : PromiseBase {
  std::optional<T> value;
  Task<T> get_return_object() noexcept;
  template <class U>
  void return_value(U&& result) {
    value.emplace(std::forward<U>(result));
  }
  T take() {
    if (error) std::rethrow_exception(error);
    return std::move(*value);
  }
};

template <>
struct Promise<void> : PromiseBase {
  Task<void> get_return_object() noexcept;
  void return_void() noexcept {}
  void take() {
    if (error) std::rethrow_exception(error);
  }
};

template <class P>
Executor* executor_of(std::coroutine_handle<P> waiting) noexcept {
  if constexpr (std::is_base_of_v<PromiseBase, P>) {
    return waiting.promise().executor;
  } else {
    return nullptr;
  }
}

}  // namespace detail

// A coroutine that starts when awaited and hands its result (or exception)
// to the coroutine awaiting it. The awaited task continues on its awaiter's
// executor. Move-only; destroying a task that never ran destroys its frame.
template <class T>
class [[nodiscard]] Task {
 public:
  using promise_type = detail::Promise<T>;
  using Handle = std::coroutine_handle<promise_type>;

  Task() = default;
  explicit Task(Handle handle) noexcept : handle_(handle) {}
  Task(Task&& other) noexcept : handle_(std::exchange(other.handle_, {})) {}
  Task& operator=(Task&& other) noexcept {
    if (this != &other) {
      if (handle_) handle_.destroy();
      handle_ = std::exchange(other.handle_, {});
    }
    return *this;
  }
  Task(const Task&) = delete;
  Task& operator=(const Task&) = delete;
  ~Task() {
    if (handle_) handle_.destroy();
  }

  auto operator co_await() && noexcept { return detail::TaskAwaiter<T>(std::exchange(handle_, {})); }

  // For spawn(): the executor the task continues on when nobody awaits it.
  void bind(Executor& executor) noexcept { handle_.promise().executor = &executor; }

 private:
  Handle handle_;
};

namespace detail {

template <class T>
Task<T> Promise<T>::get_return_object() noexcept {
  return Task<T>(std::coroutine_handle<Promise<T>>::from_promise(*this));
}

inline Task<void> Promise<void>::get_return_object() noexcept {
  return Task<void>(std::coroutine_handle<Promise<void>>::from_promise(*this));
}

// A coroutine nobody awaits: it runs at once and frees itself at its end.
struct Detached {
  struct promise_type {
    Detached get_return_object() noexcept { return {}; }
    std::suspend_never initial_suspend() noexcept { return {}; }
    std::suspend_never final_suspend() noexcept { return {}; }
    void return_void() noexcept {}
    void unhandled_exception() noexcept { std::terminate(); }
  };
};

template <class T>
struct Waiting {
  Outcome<T> outcome;
  std::coroutine_handle<> handle;
  Executor* executor = nullptr;
  // Set by whichever comes second of "the awaiter has suspended" and "the
  // completion has come": that one resumes the coroutine.
  std::atomic<bool> second{false};
  std::atomic<bool> completed{false};

  void complete() {
    if (!second.exchange(true)) return;  // completed before suspending: await_suspend carries on inline
    if (executor != nullptr) {
      executor->resume(handle);
    } else {
      handle.resume();
    }
  }
};

}  // namespace detail

// The completion of an operation that reports on another thread. Call it
// once, with the value (or fail with an error); later calls are ignored. If
// every copy is dropped without a call, the waiting coroutine gets an error.
template <class T>
class Completion {
 public:
  explicit Completion(std::shared_ptr<detail::Waiting<T>> waiting)
      : state_(std::make_shared<State>(std::move(waiting))) {}

  template <class... V>
  void operator()(V&&... value) const {
    if (state_->waiting->completed.exchange(true)) return;
    if constexpr (!std::is_void_v<T>) state_->waiting->outcome.value.emplace(std::forward<V>(value)...);
    state_->waiting->complete();
  }
  void fail(std::exception_ptr error) const {
    if (state_->waiting->completed.exchange(true)) return;
    state_->waiting->outcome.error = std::move(error);
    state_->waiting->complete();
  }

 private:
  struct State {
    explicit State(std::shared_ptr<detail::Waiting<T>> w) : waiting(std::move(w)) {}
    ~State();
    std::shared_ptr<detail::Waiting<T>> waiting;
  };
  std::shared_ptr<State> state_;
};

std::exception_ptr never_completed();

namespace detail {

template <class T, class Start>
struct WaitAwaiter {
  Start start;
  std::shared_ptr<Waiting<T>> waiting = std::make_shared<Waiting<T>>();
  bool await_ready() const noexcept { return false; }
  template <class P>
  bool await_suspend(std::coroutine_handle<P> handle) {
    waiting->handle = handle;
    waiting->executor = executor_of(handle);
    start(Completion<T>(waiting));
    return !waiting->second.exchange(true);
  }
  T await_resume() { return waiting->outcome.take(); }
};

struct SleepAwaiter {
  std::chrono::milliseconds delay;
  bool await_ready() const noexcept { return delay.count() <= 0; }
  template <class P>
  void await_suspend(std::coroutine_handle<P> handle) {
    executor_of(handle)->post_after(delay, [handle] { handle.resume(); });
  }
  void await_resume() const noexcept {}
};

}  // namespace detail

template <class T>
Completion<T>::State::~State() {
  if (waiting->completed.exchange(true)) return;
  waiting->outcome.error = never_completed();
  waiting->complete();
}

// Awaits an operation that reports through a Completion<T>: start(completion)
// begins it, and the coroutine continues on its own executor once it is
// called (inline, if that happened before start returned).
template <class T, class Start>
auto wait_for(Start start) {
  return detail::WaitAwaiter<T, Start>{std::move(start)};
}

// Starts task on executor without awaiting it; done(Outcome<T>) gets how it
// ended, on the executor's thread.
namespace detail {

// A named function, not a lambda: GCC 12 mislays the parameters of a
// coroutine lambda that is called at once.
template <class T, class Done>
Detached run_detached(Task<T> running, Done finished) {
  Outcome<T> outcome;
  try {
    if constexpr (std::is_void_v<T>) {
      co_await std::move(running);
    } else {
      auto value = co_await std::move(running);
      outcome.value.emplace(std::move(value));
    }
  } catch (...) {
    outcome.error = std::current_exception();
  }
  finished(std::move(outcome));
}

}  // namespace detail

template <class T, class Done>
void spawn(Executor& executor, Task<T> task, Done done) {
  task.bind(executor);
  detail::run_detached(std::move(task), std::move(done));
}

// Continues the awaiting coroutine after `delay`, on its executor.
inline detail::SleepAwaiter sleep_for(std::chrono::milliseconds delay) { return {delay}; }

namespace detail {

template <class T>
struct AllAwaiter {
  explicit AllAwaiter(std::vector<Task<T>> started)
      : tasks(std::move(started)), outcomes(tasks.size()), left(tasks.size() + 1) {}

  std::vector<Task<T>> tasks;
  std::vector<Outcome<T>> outcomes;
  // The tasks not yet ended, plus one for the awaiter until it has suspended:
  // whoever brings it to zero resumes the awaiter.
  std::atomic<std::size_t> left;
  std::coroutine_handle<> handle;
  Executor* executor = nullptr;

  bool await_ready() const noexcept { return tasks.empty(); }
  template <class P>
  bool await_suspend(std::coroutine_handle<P> awaiting) {
    handle = awaiting;
    executor = executor_of(awaiting);
    for (std::size_t n = 0; n < tasks.size(); ++n) {
      spawn(*executor, std::move(tasks[n]), [this, n](Outcome<T> outcome) {
        outcomes[n] = std::move(outcome);
        if (--left == 0) executor->resume(handle);
      });
    }
    return --left != 0;
  }
  std::vector<Outcome<T>> await_resume() { return std::move(outcomes); }
};

}  // namespace detail

// Runs the tasks at once on the awaiter's executor and continues when every
// one has ended, with how each ended, in order.
template <class T>
Task<std::vector<Outcome<T>>> when_all(std::vector<Task<T>> tasks) {
  co_return co_await detail::AllAwaiter<T>(std::move(tasks));
}

}  // namespace eventbook::core
