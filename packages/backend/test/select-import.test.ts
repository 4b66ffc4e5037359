// package.json says "sideEffects": false: importing the package must not register backends or kernels.
import * as tf from '@tensorflow/tfjs-core';
import { expect, it } from 'vitest';

it('importing @nophd/backend registers no backend and no kernel', async () => {
  const api = await import('../src/index.js');
  expect(typeof api.selectBackend).toBe('function');
  const factories = (tf.engine() as unknown as { registryFactory: Record<string, unknown> }).registryFactory;
  expect(Object.keys(factories)).toEqual([]);
  expect(tf.getKernelsForBackend('wasm')).toEqual([]);
  // Only calling the functions does anything: selection imports the wasm backend before registering.
  await import('@tensorflow/tfjs-backend-wasm');
  const shipped = tf.getKernelsForBackend('wasm').length;
  api.registerWasmTrainingKernels();
  expect(tf.getKernelsForBackend('wasm').length).toBeGreaterThan(shipped);
});
