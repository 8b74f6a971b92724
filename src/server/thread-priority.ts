/**
 * Thread priorities. Where the threads share a core, the main thread's short
 * requests go first, and the rest run in the time they leave: the execution
 * worker, and the helper threads of V8 (which collect garbage and compile
 * code) and of libuv. With only the worker lowered, the helpers working for it
 * still took turns with the main thread: the honest p99 of `npm run
 * bench:hostile` was 15-20 ms; with all lowered, 3-5 ms.
 */
import { readdirSync } from 'node:fs';
import { setPriority } from 'node:os';

/** The scheduling priority (a nice value) of every thread of the process but the main one, which keeps 0. */
const HELPER_NICE = 10;

/** Lowers the priority of every thread but the main one (Linux: a thread has a priority of its own, set by its id). */
export function yieldToMainThread(): void {
  let threads: number[];
  try {
    threads = readdirSync('/proc/self/task').map(Number);
  } catch {
    // Not Linux: every thread keeps the process's priority.
    return;
  }
  for (const thread of threads.filter((id) => id !== process.pid)) {
    try {
      setPriority(thread, HELPER_NICE);
    } catch {
      // The thread ended since the listing.
    }
  }
}
