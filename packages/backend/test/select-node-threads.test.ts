import * as tf from '@tensorflow/tfjs-core';
import { getThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import { describe, expect, it } from 'vitest';
import { selectBackend } from '../src/index.js';

// Its own file: the wasm backend initialises once per process, with or without threads.
describe('selectBackend in Node with threads (real threaded wasm build)', () => {
  it('starts the threaded SIMD build with the threads asked for, and it computes', async () => {
    delete process.env.NOPHD_BACKEND;
    const selection = await selectBackend({ threads: 2 });
    expect(tf.getBackend()).toBe('wasm');
    expect(selection).toMatchObject({ name: 'wasm', simd: true, threads: 2, label: 'wasm (SIMD, 2 threads)' });
    expect(getThreadsCount()).toBe(2);
    expect(selection.reason).toContain('multithreaded');
    const product = tf.tidy(() => tf.matMul(tf.ones([64, 64]), tf.ones([64, 64])));
    expect((await product.data())[0]).toBe(64);
    product.dispose();
  });
});
