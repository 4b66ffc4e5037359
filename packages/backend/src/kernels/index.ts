/**
 * Kernels that training on the wasm backend of TensorFlow.js 4.22 needs, registered on demand.
 */
import { getKernel, registerKernel, unregisterKernel, type KernelConfig } from '@tensorflow/tfjs-core';
import { batchMatMulConfig } from './batch_mat_mul.js';
import { conv2DBackpropFilterConfig } from './conv2d_backprop_filter.js';
import { conv2DBackpropInputConfig } from './conv2d_backprop_input.js';
import { captureStockBatchMatMul } from './wasm_heap.js';

export { UnsupportedConvolutionError } from './errors.js';

/** Names of the wasm kernels {@link registerWasmTrainingKernels} adds or replaces. */
export const WASM_TRAINING_KERNELS = ['Conv2DBackpropFilter', 'Conv2DBackpropInput', 'BatchMatMul'] as const;

const ours = new Set<KernelConfig>();

function install(config: KernelConfig): void {
  const current = getKernel(config.kernelName, 'wasm');
  if (current != null) unregisterKernel(config.kernelName, 'wasm');
  registerKernel(config);
  ours.add(config);
}

/**
 * Registers, for the 'wasm' backend, what training conv nets needs from
 * @tensorflow/tfjs-backend-wasm 4.22 beyond its stock kernels:
 * - Conv2DBackpropFilter (missing: conv layers could not train at all);
 * - Conv2DBackpropInput (stock one is a scalar loop; this one uses XNNPACK);
 * - BatchMatMul with transposeA/transposeB (stock one drops to a scalar loop; dense-layer gradients use it).
 *
 * Idempotent. Import '@tensorflow/tfjs-backend-wasm' first; call before or after `tf.setBackend('wasm')`.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import '@tensorflow/tfjs-backend-wasm';
 * import { registerWasmTrainingKernels } from '@nophd/backend';
 *
 * registerWasmTrainingKernels();
 * await tf.setBackend('wasm');
 * await model.fit(xs, ys); // conv layers now train on wasm
 * ```
 */
export function registerWasmTrainingKernels(): void {
  const matMul = getKernel('BatchMatMul', 'wasm');
  if (matMul == null) {
    throw new Error(
      "registerWasmTrainingKernels: the 'wasm' backend's kernels are not loaded. Add `import '@tensorflow/tfjs-backend-wasm'` before calling it.",
    );
  }
  if (!ours.has(matMul)) {
    captureStockBatchMatMul(matMul.kernelFunc);
    install(batchMatMulConfig(matMul));
  }
  for (const config of [conv2DBackpropFilterConfig, conv2DBackpropInputConfig]) {
    if (getKernel(config.kernelName, 'wasm') !== config) install(config);
  }
}
