//===- Prefetch.h - Build batches ahead on a background thread -------------===//
//
// runPipelined(count, prefetch, produce, consume) calls consume(i) for
// i = 0..count-1 in order on the calling thread. With prefetch > 0 a worker
// thread runs produce ahead, holding at most `prefetch` finished items. Since
// every random choice of a batch is keyed by its index (Rng streams), the
// items are identical with or without prefetching.
//
//===----------------------------------------------------------------------===//
#ifndef GNNRT_DATA_PREFETCH_H
#define GNNRT_DATA_PREFETCH_H

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace gnnrt::data {

template <typename T>
absl::Status
runPipelined(int64_t count, int64_t prefetch,
             const std::function<absl::StatusOr<T>(int64_t)> &produce,
             const std::function<absl::Status(T &)> &consume) {
  if (prefetch <= 0) {
    for (int64_t i = 0; i < count; ++i) {
      absl::StatusOr<T> item = produce(i);
      if (!item.ok())
        return item.status();
      if (absl::Status s = consume(*item); !s.ok())
        return s;
    }
    return absl::OkStatus();
  }
  std::mutex mu;
  std::condition_variable changed;
  std::deque<absl::StatusOr<T>> ready;
  bool stop = false;
  std::thread worker([&] {
    for (int64_t i = 0; i < count; ++i) {
      absl::StatusOr<T> item = produce(i);
      bool failed = !item.ok();
      std::unique_lock<std::mutex> lock(mu);
      changed.wait(lock, [&] {
        return stop || static_cast<int64_t>(ready.size()) < prefetch;
      });
      if (stop)
        return;
      ready.push_back(std::move(item));
      changed.notify_all();
      if (failed)
        return;
    }
  });
  absl::Status result = absl::OkStatus();
  for (int64_t i = 0; i < count; ++i) {
    absl::StatusOr<T> item;
    {
      std::unique_lock<std::mutex> lock(mu);
      changed.wait(lock, [&] { return !ready.empty(); });
      item = std::move(ready.front());
      ready.pop_front();
      changed.notify_all();
    }
    if (!item.ok()) {
      result = item.status();
      break;
    }
    if (absl::Status s = consume(*item); !s.ok()) {
      result = s;
      break;
    }
  }
  {
    std::lock_guard<std::mutex> lock(mu);
    stop = true;
    changed.notify_all();
  }
  worker.join();
  return result;
}

} // namespace gnnrt::data

#endif // GNNRT_DATA_PREFETCH_H
