import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type * as tf from '@tensorflow/tfjs-core';
import { selectBackend } from '@nophd/backend';
import { loadMnist, type MnistData } from '@nophd/mnist-data';

let cached: Promise<MnistData> | undefined;

/**
 * Real MNIST, small: 2,000 training, 500 validation and 1,000 test images, split with seed 42, on the wasm
 * backend (one thread, so runs are bit-for-bit repeatable; plain-JavaScript cpu is ten times slower).
 */
export function smallMnist(): Promise<MnistData> {
  cached ??= selectBackend({ backend: 'wasm', threads: false }).then(() => loadMnist({ trainSize: 2000, validationSize: 500, testSize: 1000, seed: 42 }));
  return cached;
}

/**
 * A SHA-256 of every weight's bytes: equal for bit-identical models, and a failed comparison prints two
 * short strings instead of a diff of 200,000 numbers.
 */
export async function weightsFingerprint(model: { getWeights(): tf.Tensor[] }): Promise<string> {
  const hash = createHash('sha256');
  for (const weight of model.getWeights()) {
    const values = (await weight.data()) as Float32Array;
    hash.update(new Uint8Array(values.buffer, values.byteOffset, values.byteLength));
  }
  return hash.digest('hex');
}

/**
 * Temporary folders for a test file: `fresh()` makes one, `removeAll()` (in `afterEach`) deletes every
 * folder made since.
 */
export function tempFolders(prefix: string): { fresh(): Promise<string>; removeAll(): Promise<void> } {
  const made: string[] = [];
  return {
    async fresh() {
      const dir = await mkdtemp(join(tmpdir(), prefix));
      made.push(dir);
      return dir;
    },
    async removeAll() {
      for (const dir of made.splice(0)) await rm(dir, { recursive: true, force: true });
    },
  };
}
