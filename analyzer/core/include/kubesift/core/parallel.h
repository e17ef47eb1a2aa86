// Parallel work over independent items, merged in order by the caller.
#pragma once

#include <cstddef>
#include <functional>

namespace kubesift {

// Calls fn(i) for every i in [0, n) on up to `threads` threads (0 = the
// machine's hardware threads). Items are handed out one at a time, so a few
// large items do not serialise the rest. fn must be safe to run concurrently
// for different i; results are written by index, so the order of the output
// never depends on scheduling. Runs inline when n < 2 or threads == 1.
void parallel_for(size_t n, const std::function<void(size_t)>& fn, unsigned threads = 0);

// The number of threads parallel_for uses by default (KUBESIFT_THREADS
// overrides the hardware count).
unsigned default_threads();

}  // namespace kubesift
