import * as tf from '@tensorflow/tfjs-core';

/**
 * Fused training kernels that a backend may register under these names (@nophd/backend does, for wasm).
 * Where the active backend has one, batch norm and Adam run it instead of composing tfjs ops; elsewhere
 * (cpu, webgl) they compose the same arithmetic from tfjs ops.
 */
export const FUSED_KERNEL_NAMES = {
  batchNormTraining: 'NophdBatchNormTraining',
  batchNormTrainingGrad: 'NophdBatchNormTrainingGrad',
  adamUpdate: 'NophdAdamUpdate',
} as const;

/** Whether the active backend registered the fused kernel `name`. */
export function hasFusedKernel(name: string): boolean {
  return tf.getKernel(name, tf.getBackend()) != null;
}
