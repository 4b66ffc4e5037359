import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { InvalidModelOptionError } from '../errors.js';
import { FUSED_KERNEL_NAMES, hasFusedKernel } from '../fused-kernels.js';

/*
 * Why this layer exists
 * ---------------------
 * The codelab's batch-norm stage uses `BatchNormalization(center=True, scale=False)`: before a ReLU the
 * learned scale (gamma) is useless, so only the offset (beta) is kept, and it replaces the bias of the
 * preceding Conv2D/Dense layer.
 *
 * tfjs-layers 4.22's `tf.layers.batchNormalization({ scale: false })` builds such a layer (no gamma
 * weight) and predicts with it, but crashes on the first training step with
 * "Cannot read properties of undefined (reading 'read')". In
 * `@tensorflow/tfjs-layers/dist/layers/normalization.js`, `BatchNormalization.build()` only calls
 * `addWeight('gamma', …)` when `scale` is true (and `addWeight('beta', …)` when `center` is true), and
 * the inference branch of `call()` checks for that (`this.gamma == null ? null : this.gamma.read()`),
 * but the training branch reads both unconditionally:
 *
 *     normalizeBatchInTraining(input, this.gamma.read(), this.beta.read(), reductionAxes, this.epsilon)
 *
 * so `this.gamma` is undefined when `scale: false` (and `this.beta` when `center: false`).
 * Passing no scale to the core op would not be enough either: tfjs-core 4.22's FusedBatchNorm gradient
 * lists 'scale' in `inputsToSave`, and the engine clones every listed input for backprop
 * (`saveTensorsForBackwardMode` → `clone(undefined)` → "Cannot read properties of undefined (reading
 * 'dataId')"), so `tf.batchNorm(x, mean, variance, offset)` without a scale cannot run under a gradient
 * tape. This layer therefore hands `tf.batchNorm` a constant scale of 1 — not a weight, nothing trains
 * it — which computes exactly what a missing scale means.
 *
 * Turning `scale` back on would silently add 'gamma' weights the codelab's model does not have, so this
 * layer re-implements the same computation with the missing-weight cases handled:
 *  - training: normalise with the batch's mean and (biased) variance over every axis but the last,
 *    then move `moving_mean`/`moving_variance` towards them: `moving -= (moving - batch) · (1 - momentum)`;
 *  - inference: normalise with `moving_mean`/`moving_variance`;
 *  - weights in Keras order: [gamma if scale], [beta if center], moving_mean, moving_variance.
 * It normalises the last (channels-last) axis only, which is what every stage here needs.
 */

type LayerArgs = NonNullable<ConstructorParameters<typeof tfl.layers.Layer>[0]>;
type Kwargs = Parameters<tfl.layers.Layer['call']>[1];

/** Constructor arguments of {@link OptionalScaleBatchNormalization}. */
export interface OptionalScaleBatchNormalizationArgs extends LayerArgs {
  /** Momentum of the moving mean and variance, in [0, 1). Default 0.99 (Keras's default). */
  momentum?: number;
  /** Added to the variance before the square root. Default 0.001 (Keras's default). */
  epsilon?: number;
  /** Learn an offset `beta` added after normalisation. Default true. */
  center?: boolean;
  /** Learn a scale `gamma` multiplied after normalisation. Default true; the codelab uses false before ReLU. */
  scale?: boolean;
}

/**
 * Batch normalisation over the last axis that honours `scale: false` and `center: false` in training
 * (tfjs-layers 4.22's built-in layer crashes there). Registered with `tf.serialization`, so models that
 * contain it save and load like any other, once this package has been imported.
 *
 * @example
 * ```ts
 * const model = tf.sequential({ layers: [
 *   tf.layers.dense({ inputShape: [784], units: 200, useBias: false }),
 *   optionalScaleBatchNormalization({ center: true, scale: false }), // beta only, no gamma
 *   tf.layers.activation({ activation: 'relu' }),
 * ] });
 * ```
 */
export class OptionalScaleBatchNormalization extends tfl.layers.Layer {
  /** The name tf.serialization registers and model.json stores, so a saved stage 5 loads back into this class. */
  static className = 'OptionalScaleBatchNormalization';

  readonly momentum: number;
  readonly epsilon: number;
  readonly center: boolean;
  readonly scale: boolean;

  private gamma: tfl.LayerVariable | null = null;
  private beta: tfl.LayerVariable | null = null;
  private movingMean!: tfl.LayerVariable;
  private movingVariance!: tfl.LayerVariable;

  constructor(args: OptionalScaleBatchNormalizationArgs = {}) {
    super(args);
    this.supportsMasking = true;
    this.momentum = args.momentum ?? 0.99;
    this.epsilon = args.epsilon ?? 1e-3;
    this.center = args.center ?? true;
    this.scale = args.scale ?? true;
    if (!(Number.isFinite(this.momentum) && this.momentum >= 0 && this.momentum < 1)) {
      throw new InvalidModelOptionError('momentum', args.momentum, 'a number in [0, 1), e.g. 0.99');
    }
    if (!(Number.isFinite(this.epsilon) && this.epsilon > 0)) {
      throw new InvalidModelOptionError('epsilon', args.epsilon, 'a positive number, e.g. 0.001');
    }
    if (typeof this.center !== 'boolean' || typeof this.scale !== 'boolean') {
      throw new InvalidModelOptionError(
        typeof this.center !== 'boolean' ? 'center' : 'scale',
        typeof this.center !== 'boolean' ? args.center : args.scale,
        'true or false',
      );
    }
  }

  override build(inputShape: tfl.Shape | tfl.Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tfl.Shape;
    const channels = shape[shape.length - 1];
    if (shape.length < 2 || channels == null) {
      throw new InvalidModelOptionError(
        `${this.name} input shape`,
        shape,
        'a shape of rank ≥ 2 whose last axis (the channels normalised) has a known size',
      );
    }
    this.inputSpec = [new tfl.InputSpec({ ndim: shape.length, axes: { [shape.length - 1]: channels } })];
    const size = [channels];
    if (this.scale) {
      this.gamma = this.addWeight('gamma', size, 'float32', tfl.initializers.ones(), undefined, true);
    }
    if (this.center) {
      this.beta = this.addWeight('beta', size, 'float32', tfl.initializers.zeros(), undefined, true);
    }
    this.movingMean = this.addWeight('moving_mean', size, 'float32', tfl.initializers.zeros(), undefined, false);
    this.movingVariance = this.addWeight('moving_variance', size, 'float32', tfl.initializers.ones(), undefined, false);
    this.built = true;
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Kwargs): tf.Tensor {
    return tf.tidy(() => {
      const x = Array.isArray(inputs) ? inputs[0] : inputs;
      // A constant 1 stands in for a missing gamma (see the note at the top of this file).
      const gamma = this.gamma?.read() ?? tf.onesLike(this.movingMean.read());
      const beta = this.beta?.read();
      if (!kwargs['training']) {
        return tf.batchNorm(x, this.movingMean.read(), this.movingVariance.read(), beta, gamma, this.epsilon);
      }
      return this.normalizeInTraining(x, gamma, beta);
    });
  }

  /**
   * Training-mode normalisation with the batch's statistics as one custom-gradient op: its backward pass is
   * the closed form dx = γ/σ · (dy − mean(dy) − x̂ · mean(dy · x̂)), dβ = Σ dy, dγ = Σ dy · x̂ (x̂ = (x − μ)/σ,
   * sums over every axis but the last). Left to the tape, tf.moments and tf.batchNorm differentiate op by
   * op: about 25 activation-sized kernels per layer against 9 here (stage 5's first batch-norm layer,
   * forward + backward on wasm: 59 → 31 ms CPU). Where the backend registers nophd's fused batch-norm kernels
   * (@nophd/backend on wasm), the forward and backward passes are one kernel each instead. Also moves the
   * moving statistics (not differentiated).
   */
  private normalizeInTraining(x: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor | undefined): tf.Tensor {
    const axes = Array.from({ length: x.rank - 1 }, (_, axis) => axis);
    const count = x.size / x.shape[x.rank - 1]!;
    const epsilon = this.epsilon;
    const fused = hasFusedKernel(FUSED_KERNEL_NAMES.batchNormTraining) && hasFusedKernel(FUSED_KERNEL_NAMES.batchNormTrainingGrad);
    const normalize = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
      const save = args.pop() as tf.GradSaveFunc;
      const [input, scale, offset] = args as [tf.Tensor, tf.Tensor, tf.Tensor | undefined];
      if (fused) {
        // The backend's fused kernels (see fused-kernels.ts): the same arithmetic in three passes over x
        // forward and two backward.
        const [value, mean, variance, inverseStd] = tf
          .engine()
          .runKernel(FUSED_KERNEL_NAMES.batchNormTraining, { x: input, scale, ...(offset ? { offset } : {}) }, { epsilon }) as tf.Tensor[];
        this.moveTowards(this.movingMean, mean!);
        this.moveTowards(this.movingVariance, variance!);
        save([input, mean!, inverseStd!, scale]);
        return {
          value: value!,
          gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
            const [xs, mu, invStd, g] = saved as [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor];
            const [dx, dGamma, dBeta] = tf
              .engine()
              .runKernel(FUSED_KERNEL_NAMES.batchNormTrainingGrad, { dy, x: xs, mean: mu, inverseStd: invStd, scale: g }) as tf.Tensor[];
            return offset ? [dx!, dGamma!, dBeta!] : [dx!, dGamma!];
          },
        };
      }
      const { mean, variance } = tf.moments(input, axes);
      this.moveTowards(this.movingMean, mean);
      this.moveTowards(this.movingVariance, variance);
      const inverseStd = tf.rsqrt(tf.add(variance, epsilon));
      save([input, mean, inverseStd, scale]);
      // y = x·a + b with per-channel a = γ/σ and b = β − μ·a: two broadcast kernels, which on wasm
      // (XNNPACK) take less than half the time of its FusedBatchNorm kernel.
      const a = tf.mul(scale, inverseStd);
      const b = offset ? tf.sub(offset, tf.mul(mean, a)) : tf.neg(tf.mul(mean, a));
      return {
        value: tf.add(tf.mul(input, a), b),
        gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
          const [xs, mu, invStd, g] = saved as [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor];
          const xHat = tf.mul(tf.sub(xs, mu), invStd);
          const dBeta = tf.sum(dy, axes);
          const dGamma = tf.sum(tf.mul(dy, xHat), axes);
          const centred = tf.sub(tf.sub(dy, tf.div(dBeta, count)), tf.mul(xHat, tf.div(dGamma, count)));
          const dx = tf.mul(centred, tf.mul(g, invStd));
          return offset ? [dx, dGamma, dBeta] : [dx, dGamma];
        },
      };
    });
    return beta ? normalize(x, gamma, beta) : normalize(x, gamma);
  }

  /** Exponential moving average update, `moving -= (moving - batch) · (1 - momentum)`. */
  private moveTowards(moving: tfl.LayerVariable, batchValue: tf.Tensor): void {
    tf.tidy(() => {
      const current = moving.read();
      moving.write(tf.sub(current, tf.mul(tf.sub(current, batchValue), 1 - this.momentum)));
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return {
      momentum: this.momentum,
      epsilon: this.epsilon,
      center: this.center,
      scale: this.scale,
      ...super.getConfig(),
    };
  }
}

// A side effect on import, declared in package.json's "sideEffects": a saved stage-5 model must load with
// plain tf.loadLayersModel as soon as the package is imported, even where a bundler drops unused exports.
tf.serialization.registerClass(OptionalScaleBatchNormalization);

/**
 * Creates an {@link OptionalScaleBatchNormalization} layer (the `tf.layers.*` factory style).
 *
 * @example
 * ```ts
 * model.add(tf.layers.conv2d({ filters: 24, kernelSize: 6, strides: 2, padding: 'same', useBias: false }));
 * model.add(optionalScaleBatchNormalization({ scale: false }));
 * model.add(tf.layers.activation({ activation: 'relu' }));
 * ```
 */
export function optionalScaleBatchNormalization(
  args?: OptionalScaleBatchNormalizationArgs,
): OptionalScaleBatchNormalization {
  return new OptionalScaleBatchNormalization(args);
}
