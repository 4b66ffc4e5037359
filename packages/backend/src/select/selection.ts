import type { ActiveBackendName, BackendName } from './names.js';
import type { WasmPaths } from './wasm-paths.js';
import type { Capabilities } from './capabilities.js';
import type { PolicyBlock } from './policy.js';

/** One candidate that selection looked at, and what became of it. */
export interface CandidateReport {
  /** `'webgl'`, `'wasm-simd'` (threaded when allowed), `'wasm'` (no SIMD) or `'cpu'`. */
  name: string;
  outcome: 'chosen' | 'skipped' | 'failed';
  reason: string;
  /**
   * When the page's Content-Security-Policy refused something this candidate needed (a worker, a
   * script, compiling WebAssembly, fetching a .wasm file): each refusal with the directive to change.
   */
  policy?: PolicyBlock[];
}

/** What {@link selectBackend} chose and why. */
export interface BackendSelection {
  /** The tfjs backend now active (`tf.getBackend()`). */
  name: ActiveBackendName;
  /** Human-readable, e.g. `'wasm (SIMD, 2 threads)'`. */
  label: string;
  /** Why this backend: forced by whom, or which faster ones were skipped and why. */
  reason: string;
  /** Every candidate looked at, in order, up to and including the chosen one. */
  candidates: CandidateReport[];
  /** wasm only: whether the SIMD binary runs. */
  simd?: boolean;
  /** wasm only: threads the backend actually uses. */
  threads?: number;
  /** webgl (or a skipped webgl): the unmasked WebGL renderer string. */
  renderer?: string;
}

/** Options of {@link selectBackend}. */
export interface SelectBackendOptions {
  /**
   * `'auto'` (default) picks the fastest backend that works; a name forces it. In Node an unset or
   * `'auto'` option lets the `NOPHD_BACKEND` environment variable decide.
   */
  backend?: BackendName;
  /**
   * Where the tfjs-backend-wasm `.wasm` files are served: a folder URL ending in `/`, or a map from
   * file name to URL. Not needed in Node, nor with the `nophdWasm()` Vite plugin.
   */
  wasmPaths?: WasmPaths;
  /**
   * Threaded wasm: `true` (default) for one thread per idle core in Node (cores minus those other processes keep busy)
   * and every logical core on a cross-origin isolated page; `false` for one thread; a number for exactly
   * that many (at most 8) wherever threads work.
   */
  threads?: boolean | number;
  /**
   * How long one candidate may take to start, in milliseconds (default 5000). A candidate that
   * takes longer is recorded as failed ("did not start within …") and the next one is tried.
   */
  startTimeoutMs?: number;
  /**
   * Replaces capability detection, for tests and for apps that already know the machine.
   * Defaults to {@link detectCapabilities}.
   */
  probe?: () => Capabilities | Promise<Capabilities>;
}
