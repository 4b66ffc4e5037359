import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';

export { tf, tfl };

export async function useCpu(): Promise<void> {
  await tf.setBackend('cpu');
  await tf.ready();
  // tfjs-backend-cpu's first tensor in Node advises installing tfjs-node; these tests run on the CPU backend on
  // purpose, and PROD mutes tfjs's console advice (it adds no other behaviour in 4.22).
  tf.env().set('PROD', true);
}

/** A small 3-class problem with a learnable rule (class = argmax of the first three features). */
export function toyData(n = 64, seed = 1): { xs: tf.Tensor2D; ys: tf.Tensor2D } {
  return tf.tidy(() => {
    const xs = tf.randomUniform([n, 4], -1, 1, 'float32', seed) as tf.Tensor2D;
    const ys = tf.cast(tf.oneHot(tf.argMax(tf.slice(xs, [0, 0], [n, 3]), 1), 3), 'float32') as tf.Tensor2D;
    return { xs, ys };
  });
}

/** Dense 4→8→3 classifier with seeded initial weights, so two builds start identical. */
export function toyModel(optimizer: tf.Optimizer | string = 'sgd', seed = 7): tfl.LayersModel {
  const model = tfl.sequential({
    layers: [
      tfl.layers.dense({
        units: 8,
        activation: 'relu',
        inputShape: [4],
        kernelInitializer: tfl.initializers.glorotUniform({ seed }),
        biasInitializer: tfl.initializers.constant({ value: 0.1 }),
      }),
      tfl.layers.dense({ units: 3, activation: 'softmax', kernelInitializer: tfl.initializers.glorotUniform({ seed: seed + 1 }) }),
    ],
  });
  model.compile({ optimizer, loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  return model;
}

/** Flattened copy of every trainable weight. */
export function snapshot(model: tfl.LayersModel): Float32Array[] {
  return model.trainableWeights.map((w) => w.read().dataSync().slice() as Float32Array);
}

export function maxAbsDelta(a: Float32Array[], b: Float32Array[]): number {
  let m = 0;
  a.forEach((arr, i) => arr.forEach((v, j) => (m = Math.max(m, Math.abs(v - b[i][j])))));
  return m;
}
