import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';

/**
 * The Deep-MNIST-for-Experts net, a common yardstick for MNIST conv nets: conv 5×5·32 same → max-pool 2 →
 * conv 5×5·64 same → max-pool 2 → dense 1024 relu → dropout 0.5 → dense 10 softmax, Adam 1e-4. It is not
 * a nophd stage; the bench trains it only to compare with PyTorch on a net people know.
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
  model.compile({ optimizer: tf.train.adam(1e-4), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  return model;
}
