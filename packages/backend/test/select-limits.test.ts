// selectBackend never hangs: a candidate that does not start in time is failed, abandoned and passed over;
// a candidate that a Content-Security-Policy refused says which directive to change.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { describe, expect, it, vi } from 'vitest';
import type { Capabilities } from '../src/select/capabilities.js';
import type { PlannedCandidate } from '../src/select/plan.js';
import { describePolicyBlock, type PolicyBlock } from '../src/select/policy.js';
import { DEFAULT_START_TIMEOUT_MS, selectWith } from '../src/select/select-backend.js';
import { abandonStart, type StartBackend } from '../src/select/start.js';
import { selectBackend } from '../src/index.js';

const isolatedPageWithoutWebGL: Capabilities = {
  environment: 'browser',
  webgl: { webgl2: false, floatRenderTargets: false, problem: 'no context' },
  wasm: { supported: true, simd: true, threads: true },
  crossOriginIsolated: true,
  hardwareConcurrency: 4,
};
const auto = { backend: 'auto', source: 'default', threads: true } as const;

/** A starter whose `hanging` candidates never settle, like threaded wasm whose workers died. */
function hangingStarter(hanging: (candidate: PlannedCandidate) => boolean) {
  const started: string[] = [];
  const start: StartBackend = (candidate) => {
    started.push(`${candidate.id}/${candidate.threads ?? '-'}`);
    if (hanging(candidate)) return new Promise(() => undefined);
    return Promise.resolve(candidate.backend === 'wasm' ? { simd: candidate.simd, threads: 1 } : {});
  };
  return { start, started };
}

describe('start time limit', () => {
  it('fails a candidate that does not start in time, abandons it, and uses the next', async () => {
    const { start, started } = hangingStarter((c) => (c.threads ?? 1) > 1);
    const abandoned: PlannedCandidate[] = [];
    const { selection } = await selectWith(auto, isolatedPageWithoutWebGL, start, 'https://x.test/w/', {
      timeoutMs: 50,
      abandon: (candidate) => abandoned.push(candidate),
    });
    expect(started).toEqual(['wasm-simd/4', 'wasm-simd/1']);
    expect(abandoned.map((c) => [c.id, c.threads])).toEqual([['wasm-simd', 4]]);
    expect(selection.label).toBe('wasm (SIMD, 1 thread)');
    expect(selection.candidates[1]).toEqual({
      name: 'wasm-simd',
      outcome: 'failed',
      reason:
        'did not start within 50 ms (if this machine is merely slow, raise startTimeoutMs); threaded wasm waits for ' +
        'its workers, which need tfjs-backend-wasm-threaded-simd.js served next to the .wasm files',
    });
    expect(selection.reason).toContain('wasm-simd failed: did not start within 50 ms');
  });

  it('waits the default limit of a few seconds, and no longer', async () => {
    vi.useFakeTimers();
    try {
      const { start } = hangingStarter((c) => c.backend === 'wasm');
      const pending = selectWith(auto, isolatedPageWithoutWebGL, start, undefined);
      await vi.advanceTimersByTimeAsync(DEFAULT_START_TIMEOUT_MS - 1);
      let done = false;
      void pending.then(() => (done = true));
      await vi.advanceTimersByTimeAsync(0);
      expect(done).toBe(false);
      await vi.advanceTimersByTimeAsync(3 * DEFAULT_START_TIMEOUT_MS);
      const { selection } = await pending;
      expect(DEFAULT_START_TIMEOUT_MS).toBeGreaterThanOrEqual(2000);
      expect(DEFAULT_START_TIMEOUT_MS).toBeLessThanOrEqual(10_000);
      expect(selection.name).toBe('cpu');
      expect(selection.candidates.map((c) => c.outcome)).toEqual(['skipped', 'failed', 'failed', 'failed', 'chosen']);
    } finally {
      vi.useRealTimers();
    }
  });

  it('a start that finishes in time is not abandoned, and its timer does not linger', async () => {
    const abandon = vi.fn();
    const { selection } = await selectWith(auto, isolatedPageWithoutWebGL, hangingStarter(() => false).start, undefined, {
      timeoutMs: 60_000,
      abandon,
    });
    expect(selection.name).toBe('wasm');
    expect(abandon).not.toHaveBeenCalled();
  });

  it('abandoning a hung tfjs initialisation lets the next backend start, and the stale one never takes over', async () => {
    let finishLate: (backend: tf.KernelBackend) => void = () => undefined;
    tf.registerBackend('late', () => new Promise<tf.KernelBackend>((resolve) => (finishLate = resolve)), 0);
    try {
      const stale = tf.setBackend('late');
      abandonStart({ id: 'wasm', backend: 'late' as never, why: '' });
      expect(await tf.setBackend('cpu')).toBe(true);
      await tf.ready();
      expect(tf.getBackend()).toBe('cpu');
      finishLate(tf.backend());
      expect(await stale).toBe(false);
      expect(tf.getBackend()).toBe('cpu');
      expect(tf.engine().backendNames()).toContain('late'); // registered again for a later attempt
    } finally {
      tf.removeBackend('late');
    }
  });

  it('rejects a time limit that is not a positive number, saying how to fix it', async () => {
    await expect(selectBackend({ startTimeoutMs: 0 })).rejects.toThrow(
      'selectBackend: startTimeoutMs must be a positive number of milliseconds, got 0; leave it out for the default 5000.',
    );
  });
});

describe('policy refusals', () => {
  const page = 'https://course.test';

  it.each([
    [{ effectiveDirective: 'script-src', blockedURI: 'wasm-eval' }, "add 'wasm-unsafe-eval' to script-src (WebAssembly compilation)"],
    [{ effectiveDirective: 'worker-src', blockedURI: 'blob' }, 'add blob: to worker-src'],
    [{ effectiveDirective: 'script-src-elem', blockedURI: 'blob:https://course.test/1' }, 'add blob: to script-src'],
    [{ effectiveDirective: 'connect-src', blockedURI: 'https://course.test/nophd-wasm/x.wasm' }, "add 'self' to connect-src"],
    [{ effectiveDirective: 'connect-src', blockedURI: 'https://cdn.test/x.wasm' }, 'add https://cdn.test to connect-src'],
    [{ violatedDirective: 'worker-src', blockedURI: 'https://cdn.test/w.js' }, 'add https://cdn.test to worker-src'],
  ])('names the fix for %o', (event, fix) => {
    expect(describePolicyBlock(event, page).fix).toBe(fix);
  });

  it('puts the refusal and its fix into the failed candidate, and the selection reason', async () => {
    const block: PolicyBlock = { directive: 'worker-src', blocked: 'blob', fix: 'add blob: to worker-src' };
    const start: StartBackend = async (candidate) => {
      if (candidate.threads !== 1) throw new Error('the threaded wasm build aborted');
      return { simd: candidate.simd, threads: 1 };
    };
    const { selection } = await selectWith(auto, isolatedPageWithoutWebGL, start, undefined, {
      timeoutMs: 1000,
      watchPolicy: () => async (afterFailure) => (afterFailure ? [block] : []),
    });
    expect(selection.candidates[1]).toEqual({
      name: 'wasm-simd',
      outcome: 'failed',
      reason: "blocked by the page's Content-Security-Policy (worker-src refused blob: add blob: to worker-src): the threaded wasm build aborted",
      policy: [block],
    });
    expect(selection.reason).toContain('add blob: to worker-src');
    expect(selection.candidates[2]).toMatchObject({ name: 'wasm-simd', outcome: 'chosen', reason: expect.stringContaining('single-threaded') });
    expect(selection.candidates[2]!.policy).toBeUndefined();
  });
});
