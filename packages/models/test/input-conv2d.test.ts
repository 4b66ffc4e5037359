import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { InputConv2D, inputConv2d } from '../src/index.js';
import { useCpuBackend } from './helpers/backend.js';

beforeAll(useCpuBackend);

/** A first convolution as stage 5 builds it (no bias, linear before batch norm), or with `extra` changes. */
function pair(extra: Partial<Parameters<typeof tfl.layers.conv2d>[0]> = {}) {
  const args = { inputShape: [12, 12, 1], filters: 4, kernelSize: 3, strides: 1, padding: 'same' as const, useBias: false, ...extra };
  const stock = tfl.sequential({ layers: [tfl.layers.conv2d(args), tfl.layers.flatten(), tfl.layers.dense({ units: 3 })] });
  const ours = tfl.sequential({ layers: [inputConv2d(args), tfl.layers.flatten(), tfl.layers.dense({ units: 3 })] });
  ours.setWeights(stock.getWeights());
  return { stock, ours };
}

/** The weights' gradients of a squared loss, and how many Conv2DBackpropInput kernels computing them ran. */
async function gradients(model: tfl.Sequential, x: tf.Tensor) {
  let result: tf.Tensor[] = [];
  const profile = await tf.profile(() => {
    const { grads } = tf.variableGrads(() => tf.sum(tf.square(model.apply(x, { training: true }) as tf.Tensor)) as tf.Scalar);
    result = model.trainableWeights.map((w) => grads[(w.read() as tf.Variable).name]!);
  });
  const inputGradients = profile.kernels.filter((k) => k.name === 'Conv2DBackpropInput').length;
  const values = result.map((g) => Array.from(g.dataSync()));
  tf.dispose(result);
  return { values, inputGradients };
}

describe('InputConv2D', () => {
  const x = tf.randomUniform([5, 12, 12, 1], 0, 1, 'float32', 3);

  it('computes what tfjs-layers Conv2D computes, forward and every weight gradient, without the images’ gradient', async () => {
    const { stock, ours } = pair();
    const [a, b] = [stock.predict(x) as tf.Tensor, ours.predict(x) as tf.Tensor];
    expect(Array.from(b.dataSync())).toEqual(Array.from(a.dataSync()));
    const expected = await gradients(stock, x);
    const actual = await gradients(ours, x);
    expect(expected.inputGradients).toBe(1); // the fused op's backward pass computes it, though nothing uses it
    expect(actual.inputGradients).toBe(0);
    actual.values.forEach((g, i) => g.forEach((v, j) => expect(v).toBeCloseTo(expected.values[i]![j]!, 4)));
    tf.dispose([a, b]);
    stock.dispose();
    ours.dispose();
  });

  it('keeps bias, stride and an activation as tfjs-layers does', async () => {
    for (const extra of [{ useBias: true }, { strides: 2 }, { activation: 'relu' as const, useBias: true }]) {
      const { stock, ours } = pair(extra);
      const [a, b] = [stock.predict(x) as tf.Tensor, ours.predict(x) as tf.Tensor];
      Array.from(b.dataSync()).forEach((v, i) => expect(v).toBeCloseTo(a.dataSync()[i]!, 5));
      const [expected, actual] = [await gradients(stock, x), await gradients(ours, x)];
      actual.values.forEach((g, i) => g.forEach((v, j) => expect(v).toBeCloseTo(expected.values[i]![j]!, 4)));
      tf.dispose([a, b]);
      stock.dispose();
      ours.dispose();
    }
  });

  it('is a registered class, leaves no tensors behind and says what it is', () => {
    expect(tf.serialization.SerializationMap.getMap().classNameMap['InputConv2D']?.[0]).toBe(InputConv2D);
    const before = tf.memory().numTensors;
    const { stock, ours } = pair();
    tf.dispose(ours.predict(x) as tf.Tensor);
    expect(ours.layers[0]!.getClassName()).toBe('InputConv2D');
    stock.dispose();
    ours.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
