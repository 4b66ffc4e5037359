import { detectCapabilities, softwareRendererName, type Capabilities } from './capabilities.js';
import { checkSelectOptions } from './check-options.js';
import { BackendOptionError, BackendUnavailableError } from './errors.js';
import { notifyFallback } from './fallback.js';
import { parseBackendName } from './names.js';
import { planCandidates, type CandidateId, type PlannedCandidate, type SelectionRequest } from './plan.js';
import type { BackendSelection, CandidateReport, SelectBackendOptions } from './selection.js';
import { explainPolicyBlocks, watchPolicyBlocks, type PolicyBlock } from './policy.js';
import { abandonStart, startBackend, type StartBackend, type StartedBackend } from './start.js';
import { resolveWasmPaths, type WasmPaths } from './wasm-paths.js';

/** How long one candidate may take to start unless `startTimeoutMs` says otherwise. */
export const DEFAULT_START_TIMEOUT_MS = 5000;

/** Candidates ruled out for the rest of this page's life (a lost WebGL context). */
const excludedForever: Partial<Record<CandidateId, string>> = {};

function readEnvironmentOverride(): string | undefined {
  const env = typeof process !== 'undefined' ? process.env : undefined;
  const value = env?.NOPHD_BACKEND;
  return value !== undefined && value.trim() !== '' ? value : undefined;
}

/** Merges the option and the `NOPHD_BACKEND` override: an explicit non-auto option wins. */
export function resolveRequest(options: SelectBackendOptions): SelectionRequest {
  const threads = options.threads ?? true;
  const excluded = { ...excludedForever };
  if (options.backend !== undefined) {
    const backend = parseBackendName(String(options.backend), 'option backend');
    if (backend !== 'auto') return { backend, source: 'option backend', threads, excluded };
  }
  const fromEnv = readEnvironmentOverride();
  if (fromEnv !== undefined) {
    return { backend: parseBackendName(fromEnv, 'NOPHD_BACKEND'), source: 'NOPHD_BACKEND', threads, excluded };
  }
  return { backend: 'auto', source: 'default', threads, excluded };
}

function startTimeoutOf(options: SelectBackendOptions): number {
  const ms = options.startTimeoutMs ?? DEFAULT_START_TIMEOUT_MS;
  if (typeof ms !== 'number' || !Number.isFinite(ms) || ms <= 0) {
    throw new BackendOptionError('selectBackend', 'startTimeoutMs', ms, 'a positive number of milliseconds',
      `leave it out for the default ${DEFAULT_START_TIMEOUT_MS}.`);
  }
  return ms;
}

function labelOf(candidate: PlannedCandidate, started: StartedBackend): string {
  switch (candidate.backend) {
    case 'webgl':
      return softwareRendererName(candidate.renderer) ? 'webgl (WebGL2, software)' : 'webgl (WebGL2, GPU)';
    case 'wasm': {
      const threads = started.threads ?? candidate.threads ?? 1;
      return `wasm (${started.simd ?? candidate.simd ? 'SIMD' : 'no SIMD'}, ${threads} thread${threads === 1 ? '' : 's'})`;
    }
    case 'cpu':
      return 'cpu (plain JavaScript)';
  }
}

/** The chosen candidate's reason, saying how many threads really run when tfjs used fewer than the cores. */
function explainThreads(candidate: PlannedCandidate, started: StartedBackend): string {
  const asked = candidate.threads ?? 1;
  if (candidate.backend !== 'wasm' || asked <= 1 || started.threads === undefined) return candidate.why;
  const note =
    started.threads < asked
      ? `; tfjs-backend-wasm runs ${started.threads} thread${started.threads === 1 ? '' : 's'}, as it caps threads at half the logical cores (at most 8)`
      : `; ${started.threads} threads`;
  return candidate.why + note;
}

function reasonOf(request: SelectionRequest, reports: CandidateReport[], why: string): string {
  if (request.backend !== 'auto') return `forced by ${request.source}=${request.backend}: ${why}`;
  const passedOver = reports.filter((r) => r.outcome !== 'chosen').map((r) => `${r.name} ${r.outcome}: ${r.reason}`);
  return passedOver.length === 0 ? `fastest available: ${why}` : `${passedOver.join('; ')}; so ${why}`;
}

/** How selection starts candidates: the starter, its time limit, and how to give up on a slow one. */
export interface StartLimits {
  timeoutMs: number;
  /** Called when a start ran out of time, so that its late completion cannot take over. */
  abandon?: (candidate: PlannedCandidate) => void;
  /** Collects policy refusals while a candidate starts (the page's CSP); none outside a page. */
  watchPolicy?: () => (afterFailure: boolean) => Promise<PolicyBlock[]>;
}

class StartTimeout extends Error {}

/** Runs one start, failing it when it has not finished within `limits.timeoutMs`. */
async function startWithin(
  start: StartBackend,
  candidate: PlannedCandidate,
  wasmPaths: WasmPaths | undefined,
  limits: StartLimits,
): Promise<StartedBackend> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const attempt = start(candidate, wasmPaths);
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new StartTimeout()), limits.timeoutMs);
  });
  try {
    return await Promise.race([attempt, deadline]);
  } catch (error) {
    if (!(error instanceof StartTimeout)) throw error;
    attempt.catch(() => undefined); // its eventual failure is no longer anyone's concern
    limits.abandon?.(candidate);
    const threaded = candidate.backend === 'wasm' && (candidate.threads ?? 1) > 1;
    const hint = threaded
      ? '; threaded wasm waits for its workers, which need tfjs-backend-wasm-threaded-simd.js served next to the .wasm files'
      : '';
    throw new Error(
      `did not start within ${limits.timeoutMs} ms (if this machine is merely slow, raise startTimeoutMs)${hint}`,
    );
  } finally {
    clearTimeout(timer);
  }
}

/** A failed candidate's report: the error, and the policy refusals that explain it when there were any. */
function failureReport(candidate: PlannedCandidate, error: unknown, policy: PolicyBlock[]): CandidateReport {
  const message = error instanceof Error ? error.message : String(error);
  if (policy.length === 0) return { name: candidate.id, outcome: 'failed', reason: message };
  return { name: candidate.id, outcome: 'failed', reason: `${explainPolicyBlocks(policy)}: ${message}`, policy };
}

/**
 * The selection itself, with detection and starting injected: tries each planned candidate in order
 * and returns the first that starts within the time limit.
 */
export async function selectWith(
  request: SelectionRequest,
  caps: Capabilities,
  start: StartBackend,
  wasmPaths: WasmPaths | undefined,
  limits: StartLimits = { timeoutMs: DEFAULT_START_TIMEOUT_MS },
): Promise<{ selection: BackendSelection; started: StartedBackend }> {
  const reports: CandidateReport[] = [];
  for (const candidate of planCandidates(caps, request)) {
    if (candidate.skip !== undefined) {
      reports.push({ name: candidate.id, outcome: 'skipped', reason: candidate.skip });
      continue;
    }
    const stopWatching = limits.watchPolicy?.();
    let started: StartedBackend;
    try {
      started = await startWithin(start, candidate, wasmPaths, limits);
    } catch (error) {
      reports.push(failureReport(candidate, error, (await stopWatching?.(true)) ?? []));
      continue;
    }
    await stopWatching?.(false);
    const why = explainThreads(candidate, started);
    reports.push({ name: candidate.id, outcome: 'chosen', reason: why });
    const selection: BackendSelection = {
      name: candidate.backend,
      label: labelOf(candidate, started),
      reason: reasonOf(request, reports, why),
      candidates: reports,
    };
    if (candidate.backend === 'wasm') {
      selection.simd = started.simd ?? candidate.simd;
      selection.threads = started.threads ?? candidate.threads;
    }
    if (caps.webgl.renderer !== undefined) selection.renderer = caps.webgl.renderer;
    return { selection, started };
  }
  throw new BackendUnavailableError(request.backend, request.source, reports);
}

const CONTEXT_LOST =
  'the WebGL context was lost (GPU reset, driver crash or too many contexts); tensors on webgl are gone, rebuild the model';

function watchForContextLoss(canvas: EventTarget, options: SelectBackendOptions): void {
  canvas.addEventListener(
    'webglcontextlost',
    () => {
      excludedForever.webgl = 'the WebGL context was lost earlier on this page; reload the page to use WebGL again';
      const rest: SelectBackendOptions = { ...options, backend: 'auto' };
      selectBackend(rest).then(
        (next) => notifyFallback('webgl', next, CONTEXT_LOST),
        (error: unknown) => console.error('No backend to fall back to after losing WebGL:', error),
      );
    },
    { once: true },
  );
}

/**
 * Picks and starts the fastest TensorFlow.js backend that really works here, and says why.
 *
 * Browser order: WebGL2 on a GPU → wasm SIMD (threaded on cross-origin isolated pages) → wasm
 * without SIMD → cpu. Node order: wasm SIMD → cpu. Software WebGL (SwiftShader, llvmpipe) is skipped
 * for wasm unless forced. Overrides: `options.backend`, or in Node the `NOPHD_BACKEND` variable.
 *
 * @throws {UnknownBackendError} for a name other than auto, webgl, wasm, cpu.
 * @throws {BackendUnavailableError} when a forced backend cannot start (never silently replaced).
 * @example
 * import * as tf from '@tensorflow/tfjs';
 * import { selectBackend } from '@nophd/backend';
 *
 * const selection = await selectBackend();
 * console.log(selection.label, '-', selection.reason); // e.g. "wasm (SIMD, 1 thread) - ..."
 * console.log(tf.getBackend() === selection.name); // true
 */
export async function selectBackend(options: SelectBackendOptions = {}): Promise<BackendSelection> {
  checkSelectOptions(options);
  const request = resolveRequest(options);
  // The CPUs are sampled (a quarter second in Node) only where the thread rule will read them.
  const busyCores = request.threads === true && (request.backend === 'auto' || request.backend === 'wasm');
  const caps = await (options.probe ?? (() => detectCapabilities({ busyCores })))();
  const limits: StartLimits = {
    timeoutMs: startTimeoutOf(options),
    abandon: abandonStart,
    watchPolicy: watchPolicyBlocks,
  };
  const wasmPaths = resolveWasmPaths(options.wasmPaths);
  const { selection, started } = await selectWith(request, caps, startBackend, wasmPaths, limits);
  if (selection.name === 'webgl' && started.canvas) watchForContextLoss(started.canvas, options);
  return selection;
}

/** For tests: forget run-time exclusions such as a lost WebGL context. */
export function resetSelectionState(): void {
  for (const key of Object.keys(excludedForever)) delete excludedForever[key as CandidateId];
}

