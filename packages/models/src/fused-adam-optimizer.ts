import * as tf from '@tensorflow/tfjs-core';
import { FUSED_KERNEL_NAMES, hasFusedKernel } from './fused-kernels.js';

/** The AdamOptimizer state this subclass updates as tfjs's own applyGradients does (private there). */
interface AdamState {
  accBeta1: tf.Variable;
  accBeta2: tf.Variable;
  accumulatedFirstMoment: { originalName: string; variable: tf.Variable }[];
  accumulatedSecondMoment: { originalName: string; variable: tf.Variable }[];
}

/**
 * tfjs's Adam, with each weight's step run as one fused kernel where the backend has one
 * (`NophdAdamUpdate`; @nophd/backend registers it for wasm) instead of about 14 kernels that each read
 * and write the whole tensor. Same state (moments, β powers, iterations), same saved weights and the
 * same float32 arithmetic, so checkpoints, `getWeights`/`setWeights` and results are tfjs's Adam's; on
 * backends without the kernel it is tfjs's Adam.
 */
export class FusedAdamOptimizer extends tf.AdamOptimizer {
  /** One Adam step for every weight in `variableGradients` (fused where the backend can; see the class). */
  override applyGradients(variableGradients: Parameters<tf.AdamOptimizer['applyGradients']>[0]): void {
    if (!hasFusedKernel(FUSED_KERNEL_NAMES.adamUpdate)) {
      super.applyGradients(variableGradients);
      return;
    }
    const state = this as unknown as AdamState;
    const names = Array.isArray(variableGradients) ? variableGradients.map((v) => v.name) : Object.keys(variableGradients);
    tf.tidy(() => {
      names.forEach((name, i) => {
        const value = tf.engine().registeredVariables[name]!;
        // Slots named and created as tfjs's Adam creates them, so saved optimizer weights stay compatible.
        state.accumulatedFirstMoment[i] ??= { originalName: `${name}/m`, variable: tf.tidy(() => tf.zerosLike(value).variable(false)) };
        state.accumulatedSecondMoment[i] ??= { originalName: `${name}/v`, variable: tf.tidy(() => tf.zerosLike(value).variable(false)) };
        const gradient = Array.isArray(variableGradients) ? variableGradients[i]!.tensor : variableGradients[name];
        if (gradient == null) return;
        const m = state.accumulatedFirstMoment[i]!.variable;
        const v = state.accumulatedSecondMoment[i]!.variable;
        const [newValue, newM, newV] = tf.engine().runKernel(
          FUSED_KERNEL_NAMES.adamUpdate,
          { x: value, m, v, gradient, accBeta1: state.accBeta1, accBeta2: state.accBeta2 },
          { learningRate: this.learningRate, beta1: this.beta1, beta2: this.beta2, epsilon: this.epsilon },
        ) as tf.Tensor[];
        m.assign(newM!);
        v.assign(newV!);
        value.assign(newValue!);
      });
      state.accBeta1.assign(tf.mul(state.accBeta1, this.beta1));
      state.accBeta2.assign(tf.mul(state.accBeta2, this.beta2));
    });
    this.incrementIterations();
  }
}
