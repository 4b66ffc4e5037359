// Both backends' kernels must be registered with tfjs-core before nophd can select them.
import '@tensorflow/tfjs-backend-cpu';
import os from 'node:os';
import { selectBackend } from '@nophd/backend';
import type { BenchBackend } from '../cli.js';

/**
 * Switches tfjs to `name` before any model exists (models are built on the backend that is active
 * when they are created). 'wasm' is the single-threaded SIMD build and 'wasm-threads' the threaded one
 * with `threads` XNNPACK threads (default: every core), both asked of selectBackend explicitly so that
 * its load-dependent default does not blur the comparison; selectBackend registers nophd's training
 * kernels on wasm.
 */
export async function useBackend(name: BenchBackend, threads = os.availableParallelism()): Promise<{ label: string }> {
  const backend = name === 'wasm-threads' ? 'wasm' : name;
  const selection = await selectBackend({ backend, threads: name === 'wasm-threads' ? threads : false });
  if (selection.name !== backend) {
    throw new Error(`Asked for the ${name} backend but got ${selection.label}: ${selection.reason}`);
  }
  if (name === 'wasm-threads' && selection.threads !== threads) {
    throw new Error(`Asked for ${threads} wasm threads but got ${selection.label}: ${selection.reason}`);
  }
  return selection;
}
