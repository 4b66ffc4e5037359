/**
 * Kernels that training on the wasm backend of TensorFlow.js 4.22 needs, registered on demand.
 */
import { getKernel, registerKernel, unregisterKernel, type KernelConfig } from '@tensorflow/tfjs-core';
import { adamUpdateConfig } from './adam_update.js';
import { addConfig } from './add.js';
import { batchMatMulConfig, fusedMatMulConfig } from './batch_mat_mul.js';
import { batchNormTrainingConfig, batchNormTrainingGradConfig } from './batch_norm_training.js';
import { conv2dConfig } from './conv2d.js';
import { conv2DBackpropFilterConfig } from './conv2d_backprop_filter.js';
import { conv2DBackpropInputConfig } from './conv2d_backprop_input.js';
import { castConfig, identityConfig } from './identity.js';
import { maxPoolGradConfig } from './max_pool_grad.js';
import { meanConfig, sumConfig } from './reductions.js';
import { tileConfig } from './tile.js';
import { captureStockBatchMatMul } from './wasm_heap.js';

export { UnsupportedConvolutionError } from './errors.js';
export { finishThreadedWasmInNode, useThreadedWasmInNode, WasmThreadsUnavailableError } from './node_threads.js';

/** Kernels that replace stock ones, each keeping the stock kernel for the cases it does not speed up. */
const WRAPPERS: Record<string, (stock: KernelConfig) => KernelConfig> = {
  BatchMatMul: batchMatMulConfig,
  _FusedMatMul: fusedMatMulConfig,
  Sum: sumConfig,
  Mean: meanConfig,
  Tile: tileConfig,
  Add: addConfig,
  Identity: identityConfig,
  Cast: castConfig,
  MaxPoolGrad: maxPoolGradConfig,
  Conv2D: conv2dConfig,
};

/** Kernels written from scratch (missing from the wasm backend, or a stock one too slow to keep). */
const NEW_KERNELS: KernelConfig[] = [
  conv2DBackpropFilterConfig,
  conv2DBackpropInputConfig,
  batchNormTrainingConfig,
  batchNormTrainingGradConfig,
  adamUpdateConfig,
];

/** Names of the wasm kernels {@link registerWasmTrainingKernels} adds or replaces. */
export const WASM_TRAINING_KERNELS: readonly string[] = [...NEW_KERNELS.map((k) => k.kernelName), ...Object.keys(WRAPPERS)];

const ours = new Set<KernelConfig>();

function install(config: KernelConfig): void {
  if (getKernel(config.kernelName, 'wasm') != null) unregisterKernel(config.kernelName, 'wasm');
  registerKernel(config);
  ours.add(config);
}

/**
 * Registers, for the 'wasm' backend, what training conv nets needs from
 * @tensorflow/tfjs-backend-wasm 4.22 beyond its stock kernels:
 * - Conv2DBackpropFilter (missing: conv layers could not train at all);
 * - Conv2DBackpropInput (stock one is a scalar loop; this one uses XNNPACK);
 * - BatchMatMul with transposeA/transposeB (stock one drops to a scalar loop; dense-layer gradients use it),
 *   and plain products (BatchMatMul, or _FusedMatMul without bias or activation) arranged so that XNNPACK,
 *   which packs its right operand anew each training step, packs the smaller side;
 * - Sum and Mean over leading axes, and Tile (stock ones transpose or index per element; batch-norm
 *   and bias gradients use them on whole activations);
 * - Add of a per-channel vector (stock one takes its generic broadcast path; every conv and dense bias);
 * - Identity without a copy (tfjs-core clones every tensor a custom-gradient op saves for backprop), and
 *   Cast to the same type likewise (the ReLU gradient casts its float32 mask to float32);
 * - Conv2D of a one-channel input (a first layer on grey images) on nophd's SIMD module when XNNPACK runs on
 *   one thread (XNNPACK computes that layer at about half its speed);
 * - MaxPoolGrad by scatter to each window's maximum (the stock kernel gathers; pooled nets' gradients);
 * - fused kernels tfjs does not have, on nophd's own SIMD module: batch norm in training (forward and
 *   backward) and one Adam step per weight tensor, which @nophd/models' batch norm and Adam use when present.
 * Every replacement matches the cpu backend within float32 rounding.
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
  if (!ours.has(matMul)) captureStockBatchMatMul(matMul.kernelFunc);
  for (const [name, wrap] of Object.entries(WRAPPERS)) {
    const stock = getKernel(name, 'wasm');
    if (stock != null && !ours.has(stock)) install(wrap(stock));
  }
  for (const config of NEW_KERNELS) {
    if (getKernel(config.kernelName, 'wasm') !== config) install(config);
  }
}
