// Both backends' kernels must be registered with tfjs-core before nophd can select them.
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { registerWasmTrainingKernels, selectBackend, type BackendSelection } from '@nophd/backend';
import type { BenchBackend } from '../cli.js';

/**
 * Switches tfjs to `name` before any model exists (models are built on the backend that is
 * active when they are created). wasm gets nophd's training kernels, without which conv nets
 * cannot compute their gradients there.
 */
export async function useBackend(name: BenchBackend): Promise<BackendSelection> {
  if (name === 'wasm') registerWasmTrainingKernels();
  const selection = await selectBackend({ backend: name });
  if (selection.name !== name) {
    throw new Error(`Asked for the ${name} backend but got ${selection.label}: ${selection.reason}`);
  }
  return selection;
}
