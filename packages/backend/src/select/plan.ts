import { softwareRendererName, type Capabilities } from './capabilities.js';
import { describeBusy, planThreads } from './threads.js';
import type { ActiveBackendName, BackendName } from './names.js';

/** One rung of the selection ladder. `wasm-simd` is threaded when the page allows it. */
export type CandidateId = 'webgl' | 'wasm-simd' | 'wasm' | 'cpu';

/** What the caller asked for, after options and environment overrides were merged. */
export interface SelectionRequest {
  backend: BackendName;
  /** Where `backend` came from: `'default'`, `'option backend'`, `'NOPHD_BACKEND'`. */
  source: string;
  /** Threaded wasm: true for the default rule (select/threads.ts), false for one thread, or a count. */
  threads: boolean | number;
  /** Candidates ruled out by earlier events (a lost WebGL context), with the reason. */
  excluded?: Partial<Record<CandidateId, string>>;
}

/** A candidate with either the reason it cannot run here (`skip`) or how it should be started. */
export interface PlannedCandidate {
  id: CandidateId;
  backend: ActiveBackendName;
  skip?: string;
  simd?: boolean;
  /** Threads to ask the wasm backend for; 1 means the single-threaded binary. */
  threads?: number;
  /** Why this candidate is a good choice, used when it is chosen. */
  why: string;
  /** WebGL renderer string, when known. */
  renderer?: string;
}

const AUTO_ORDER: Record<Capabilities['environment'], CandidateId[]> = {
  browser: ['webgl', 'wasm-simd', 'wasm', 'cpu'],
  node: ['wasm-simd', 'cpu'],
};

const FORCED_ORDER: Record<Exclude<BackendName, 'auto'>, CandidateId[]> = {
  webgl: ['webgl'],
  wasm: ['wasm-simd', 'wasm'],
  cpu: ['cpu'],
};

function planWebGL(caps: Capabilities, forced: boolean): PlannedCandidate {
  const { webgl } = caps;
  const base = { id: 'webgl', backend: 'webgl', renderer: webgl.renderer } as const;
  if (!webgl.webgl2) return { ...base, why: '', skip: `WebGL2 is unavailable: ${webgl.problem ?? 'no context'}` };
  if (!webgl.floatRenderTargets) {
    return {
      ...base,
      why: '',
      skip: 'WebGL2 cannot render to float textures (no EXT_color_buffer_float), which float32 training needs',
    };
  }
  const software = softwareRendererName(webgl.renderer);
  if (software && !forced) {
    return {
      ...base,
      why: '',
      skip:
        `WebGL renderer is ${software} (software), which trains several times slower than SIMD WebAssembly; ` +
        `pass backend: 'webgl' to use it anyway`,
    };
  }
  return {
    ...base,
    why: software
      ? `WebGL2 on ${software} (software rendering), because it was forced`
      : `WebGL2 with float render targets on a GPU (${webgl.renderer ?? 'renderer not disclosed'})`,
  };
}

function planWasm(caps: Capabilities, request: SelectionRequest, simd: boolean): PlannedCandidate {
  const id = simd ? 'wasm-simd' : 'wasm';
  if (!caps.wasm.supported) return { id, backend: 'wasm', why: '', skip: 'WebAssembly is unavailable here' };
  if (simd && !caps.wasm.simd) {
    return { id, backend: 'wasm', why: '', skip: 'WebAssembly SIMD is not supported by this runtime' };
  }
  if (!simd) {
    return { id, backend: 'wasm', simd: false, threads: 1, why: 'WebAssembly without SIMD, single-threaded' };
  }
  const { threads, why: whyNot } = planThreads(caps, request.threads);
  if (whyNot !== undefined) {
    return { id, backend: 'wasm', simd: true, threads: 1, why: `WebAssembly SIMD, single-threaded because ${whyNot}` };
  }
  const where =
    caps.environment === 'browser'
      ? `cross-origin isolated page, ${caps.hardwareConcurrency} logical cores`
      : `${caps.hardwareConcurrency} cores, ${describeBusy(caps)}`;
  return { id, backend: 'wasm', simd: true, threads, why: `WebAssembly SIMD, multithreaded (${where})` };
}

/**
 * Lists, in order, the candidates to try for a request on a machine with the given capabilities,
 * each either with the reason it must be skipped or with how to start it. Pure: no probing, no tfjs.
 *
 * @example
 * planCandidates(caps, { backend: 'auto', source: 'default', threads: true }).map((c) => c.id);
 * // browser: ['webgl', 'wasm-simd', 'wasm', 'cpu']
 */
export function planCandidates(caps: Capabilities, request: SelectionRequest): PlannedCandidate[] {
  const forced = request.backend !== 'auto';
  const order = request.backend === 'auto' ? AUTO_ORDER[caps.environment] : FORCED_ORDER[request.backend];
  return order.flatMap((id): PlannedCandidate[] => {
    const excluded = request.excluded?.[id];
    if (excluded) return [{ id, backend: id === 'wasm-simd' ? 'wasm' : id, why: '', skip: excluded }];
    switch (id) {
      case 'webgl':
        return [planWebGL(caps, forced)];
      case 'wasm-simd':
        return withSingleThreadedFallback(planWasm(caps, request, true));
      case 'wasm':
        return [planWasm(caps, request, false)];
      case 'cpu':
        return [{ id, backend: 'cpu', why: 'the plain JavaScript backend, which runs everywhere' }];
    }
  });
}

/**
 * Threads can fail where SIMD works (a policy refusing the workers, a worker script not served), so
 * threaded SIMD is followed by single-threaded SIMD before wasm without SIMD is tried.
 */
function withSingleThreadedFallback(candidate: PlannedCandidate): PlannedCandidate[] {
  if (candidate.skip !== undefined || (candidate.threads ?? 1) <= 1) return [candidate];
  return [
    candidate,
    { ...candidate, threads: 1, why: 'WebAssembly SIMD, single-threaded because threaded wasm did not start' },
  ];
}
