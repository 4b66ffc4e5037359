import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import type { Recipe } from '@nophd/models';

const LEARNING_RATE = 1e-4;

/** How `train()` runs the experts net: Adam at a constant 1e-4 on 28×28×1 images, batch 50. */
export const EXPERTS_RECIPE: Recipe = {
  optimizer: 'adam',
  learningRate: LEARNING_RATE,
  schedule: { kind: 'constant', value: LEARNING_RATE },
  batchSize: 50,
  epochs: 1,
  expectedAccuracy: 0.99, // the level the net is known for; train() does not read it and the bench checks no accuracy
  inputShape: 'image',
};

/**
 * The Deep-MNIST-for-Experts net, a common yardstick for MNIST conv nets: conv 5×5·32 same → max-pool 2 →
 * conv 5×5·64 same → max-pool 2 → dense 1024 relu → dropout 0.5 → dense 10 softmax, Adam 1e-4. It is not
 * a nophd stage; the bench trains it (with `train({ model, recipe: EXPERTS_RECIPE })`) only to compare with PyTorch on a net people know.
 */
export function createExpertsNet(): tfl.LayersModel {
  const model = tfl.sequential({
    name: 'deep_mnist_for_experts',
    layers: [
      tfl.layers.conv2d({ inputShape: [28, 28, 1], filters: 32, kernelSize: 5, padding: 'same', activation: 'relu' }),
      tfl.layers.maxPooling2d({ poolSize: 2 }),
      tfl.layers.conv2d({ filters: 64, kernelSize: 5, padding: 'same', activation: 'relu' }),
      tfl.layers.maxPooling2d({ poolSize: 2 }),
      tfl.layers.flatten(),
      tfl.layers.dense({ units: 1024, activation: 'relu' }),
      tfl.layers.dropout({ rate: 0.5 }),
      tfl.layers.dense({ units: 10, activation: 'softmax' }),
    ],
  });
  model.compile({ optimizer: tf.train.adam(LEARNING_RATE), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  return model;
}
