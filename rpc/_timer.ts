/**
 * A cancellable one-shot timer that does not load `setTimeout`.
 *
 * In Deno 2.9 the global `setTimeout` is Node's (`node:timers`), loaded on first use with
 * part of the Node compatibility layer: 4-5 ms of a short process's start-up here (measured
 * with `deno run`, first `setTimeout` call against none), more than all the RPC calls of
 * `nfs cat` of a 1 MiB file. `Atomics.waitAsync` with a timeout costs ~0.1 ms and is woken
 * early by `Atomics.notify`.
 *
 * Unlike `setTimeout`, a pending timer does not keep the process alive: use it only where
 * something else (a socket read) does, as for the RPC client's reply timer.
 *
 * @module
 */

/** Cancels a timer; calling it after the timer fired, or twice, does nothing. */
export type CancelTimer = () => void;

/**
 * Calls `fn` once after `ms` milliseconds unless cancelled first.
 *
 * @param fn What to run.
 * @param ms The delay (at least 0).
 * @returns The cancel function.
 */
export function afterUnref(fn: () => void, ms: number): CancelTimer {
  const cell = new Int32Array(new SharedArrayBuffer(4));
  let cancelled = false;
  const w = Atomics.waitAsync(cell, 0, 0, Math.max(0, ms));
  const fire = () => {
    if (!cancelled) fn();
  };
  if (w.async) w.value.then(fire);
  else queueMicrotask(fire);
  return () => {
    if (cancelled) return;
    cancelled = true;
    Atomics.notify(cell, 0);
  };
}
