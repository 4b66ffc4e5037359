import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { detectCapabilities, selectBackend } from '../src/index.js';

describe('selectBackend in Node (real tfjs backends)', () => {
  it('picks SIMD wasm, finding its .wasm files without setWasmPaths (threads: false: the single-threaded build)', async () => {
    delete process.env.NOPHD_BACKEND;
    const selection = await selectBackend({ threads: false });
    expect(tf.getBackend()).toBe('wasm');
    expect(selection).toMatchObject({ name: 'wasm', simd: true, threads: 1, label: 'wasm (SIMD, 1 thread)' });
    expect(selection.candidates).toEqual([{ name: 'wasm-simd', outcome: 'chosen', reason: expect.any(String) }]);
    const product = tf.tidy(() => tf.matMul(tf.tensor2d([[1, 2]]), tf.tensor2d([[3], [4]])));
    expect(await product.data()).toEqual(new Float32Array([11]));
    product.dispose();
  });

  it('counts the cores other processes keep busy while it looks (busyCores)', async () => {
    // A child that spins for 3 s: whatever else runs on the machine, it alone keeps most of a core busy.
    const spinner = spawn(process.execPath, ['-e', 'const end = Date.now() + 3000; while (Date.now() < end);']);
    try {
      await new Promise((resolve) => setTimeout(resolve, 300));
      const caps = await detectCapabilities();
      expect(caps.busyCores).toBeGreaterThan(0.5);
      expect(caps.busyCores).toBeLessThanOrEqual(caps.hardwareConcurrency + 1e-9);
      expect(caps.loadAverage).toEqual(expect.any(Number));
    } finally {
      spinner.kill();
    }
  });

  it('skips sampling the CPUs when asked to (busyCores: false), keeping the load average', async () => {
    const caps = await detectCapabilities({ busyCores: false });
    expect(caps.busyCores).toBeUndefined();
    expect(caps.loadAverage).toEqual(expect.any(Number));
    expect(caps.wasm.threads).toBe(true);
  });

  it('NOPHD_BACKEND=cpu switches to cpu', async () => {
    process.env.NOPHD_BACKEND = 'cpu';
    try {
      const selection = await selectBackend();
      expect(tf.getBackend()).toBe('cpu');
      expect(selection).toMatchObject({ name: 'cpu', reason: expect.stringMatching(/^forced by NOPHD_BACKEND=cpu/) });
    } finally {
      delete process.env.NOPHD_BACKEND;
    }
  });

  it("forcing 'webgl' in Node fails loudly and leaves the backend alone", async () => {
    const before = tf.getBackend();
    await expect(selectBackend({ backend: 'webgl' })).rejects.toThrow(/WebGL needs a browser/);
    expect(tf.getBackend()).toBe(before);
  });
});
