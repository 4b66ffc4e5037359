// Both backends' kernels must be registered with tfjs-core before nophd can select them.
import '@tensorflow/tfjs-backend-cpu';
import { getThreadsCount, setThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';
import os from 'node:os';
import {
  finishThreadedWasmInNode,
  registerWasmTrainingKernels,
  selectBackend,
  useThreadedWasmInNode,
} from '@nophd/backend';
import type { BenchBackend } from '../cli.js';

/**
 * Switches tfjs to `name` before any model exists (models are built on the backend that is
 * active when they are created). wasm gets nophd's training kernels, without which conv nets
 * cannot compute their gradients there; 'wasm-threads' is the same backend with XNNPACK's thread
 * pool on `threads` cores (default: every core), which tfjs never starts in Node and @nophd/backend
 * enables on request.
 */
export async function useBackend(name: BenchBackend, threads = os.cpus().length): Promise<{ label: string }> {
  if (name === 'wasm-threads') {
    // selectBackend keeps wasm single-threaded in Node, so this variant starts the backend itself,
    // as @nophd/backend documents for its opt-in Node threads.
    setThreadsCount(useThreadedWasmInNode({ threads }));
    registerWasmTrainingKernels();
    const ok = await tf.setBackend('wasm');
    finishThreadedWasmInNode();
    if (!ok) throw new Error('The threaded wasm backend failed to start; see the messages above.');
    const simd = tf.env().getBool('WASM_HAS_SIMD_SUPPORT') ? 'SIMD, ' : '';
    return { label: `wasm (${simd}${getThreadsCount()} threads via useThreadedWasmInNode)` };
  }
  if (name === 'wasm') registerWasmTrainingKernels();
  const selection = await selectBackend({ backend: name });
  if (selection.name !== name) {
    throw new Error(`Asked for the ${name} backend but got ${selection.label}: ${selection.reason}`);
  }
  return selection;
}
