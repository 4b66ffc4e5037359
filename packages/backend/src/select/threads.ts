/**
 * How many threads selection gives threaded wasm, and how it gets tfjs-backend-wasm 4.22 to run them.
 *
 * The rule, from `pnpm bench` runs (figures in this package's README): XNNPACK's threads speed up the conv
 * stages' training on a quiet machine, but where another process keeps a core busy a thread waits for a
 * descheduled peer and threaded training is slower than one thread. So in Node threaded wasm gets
 * one thread per idle core: the cores minus those other processes kept busy just before selection (rounded;
 * `busyCores`, or the 1-minute load average where that was not measured), at least 1 (1 means the
 * single-threaded SIMD build). A cross-origin isolated page cannot see the load and gets every logical core.
 */
import { finishThreadedWasmInNode, useThreadedWasmInNode } from '../kernels/node_threads.js';
import type { Capabilities } from './capabilities.js';

/** tfjs-backend-wasm's build starts at most this many pthread workers. */
const MAX_WASM_THREADS = 8;

/** Threads to ask for, or why there is only one. */
export type ThreadPlan = { threads: number; why?: undefined } | { threads: 1; why: string };

/**
 * Applies the rule to what detection found and what the caller asked for (`threads` option: true for the
 * rule, false for one thread, a number for exactly that many).
 *
 * @example
 * planThreads({ ...caps, environment: 'node', hardwareConcurrency: 2, busyCores: 0.3 }, true); // { threads: 2 }
 */
export function planThreads(caps: Capabilities, wanted: boolean | number): ThreadPlan {
  if (wanted === false) return { threads: 1, why: 'threads were turned off with threads: false' };
  if (wanted === 1) return { threads: 1, why: 'one thread was asked for with threads: 1' };
  if (!caps.wasm.threads) {
    const whyNot =
      caps.environment === 'node'
        ? 'threaded wasm in Node needs Node.js 20.16 or newer'
        : caps.crossOriginIsolated
          ? 'this browser has no WebAssembly threads'
          : 'the page is not cross-origin isolated (serve it with COOP/COEP headers for threads)';
    return { threads: 1, why: whyNot };
  }
  const cap = (n: number) => Math.max(1, Math.min(MAX_WASM_THREADS, Math.floor(n)));
  if (typeof wanted === 'number') return { threads: cap(wanted) };
  const cores = Math.max(1, caps.hardwareConcurrency);
  if (caps.environment === 'browser') return { threads: cap(cores) };
  const busy = Math.round(busyCoresOf(caps));
  const idle = cap(cores - busy);
  if (idle > 1) return { threads: idle };
  return {
    threads: 1,
    why:
      cores === 1
        ? 'this machine has one core'
        : `other processes keep the cores busy (${describeBusy(caps)} on ${cores} cores), where threads slow training down`,
  };
}

/**
 * Runs `start` (the backend's initialisation) so that tfjs-backend-wasm really starts `threads` threads:
 * its C++ side caps the pool at half the logical cores it is told of (assuming hyper-threading), so
 * during initialisation the page reports twice `threads` as navigator.hardwareConcurrency, and Node
 * gets the threaded build at all through {@link useThreadedWasmInNode}.
 */
export async function startWithThreads<T>(threads: number, environment: Capabilities['environment'], start: () => Promise<T>): Promise<T> {
  if (threads <= 1) return start();
  if (environment === 'node') {
    useThreadedWasmInNode({ threads });
    try {
      return await start();
    } finally {
      finishThreadedWasmInNode();
    }
  }
  const nav = navigator as { hardwareConcurrency: number };
  Object.defineProperty(nav, 'hardwareConcurrency', { value: 2 * threads, configurable: true });
  try {
    return await start();
  } finally {
    delete (nav as Partial<typeof nav>).hardwareConcurrency; // the prototype's getter shows through again
  }
}

/** Cores other processes keep busy: measured just now where selection could, else the load average. */
function busyCoresOf(caps: Capabilities): number {
  return caps.busyCores ?? caps.loadAverage ?? 0;
}

/** How busy the machine was, in the words a selection reason uses, e.g. `0.2 cores busy`. */
export function describeBusy(caps: Capabilities): string {
  return caps.busyCores !== undefined ? `${caps.busyCores.toFixed(1)} cores busy` : `load average ${(caps.loadAverage ?? 0).toFixed(1)}`;
}
