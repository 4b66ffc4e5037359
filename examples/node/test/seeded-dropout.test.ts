import { beforeAll, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { seededDropout } from '../src/training/seeded-dropout.js';

beforeAll(() => tf.setBackend('cpu'));

const dropoutModel = () => tfl.sequential({ layers: [tfl.layers.dropout({ inputShape: [64], rate: 0.5 })] });

/** The dropout mask the model applies in training mode right after a batch begins (1 = kept). */
async function maskAfterBatchBegin(model: tfl.LayersModel, callback: tfl.CustomCallback): Promise<number[]> {
  await callback.onBatchBegin(0);
  const mask = tf.tidy(() => tf.notEqual(model.apply(tf.ones([1, 64]), { training: true }) as tf.Tensor, 0));
  const values = Array.from(await mask.data());
  mask.dispose();
  return values;
}

it('draws a new mask every batch, the same ones for the same seed and iteration, and saves no seed', async () => {
  const [a, b, c] = [dropoutModel(), dropoutModel(), dropoutModel()];
  const fromStart = seededDropout(a, { seed: 7, firstIteration: 0 });
  const again = seededDropout(b, { seed: 7, firstIteration: 0 });
  const resumedAtOne = seededDropout(c, { seed: 7, firstIteration: 1 });

  const first = await maskAfterBatchBegin(a, fromStart);
  const second = await maskAfterBatchBegin(a, fromStart);
  expect(second).not.toEqual(first);
  expect(first.filter((kept) => kept).length).toBeGreaterThan(10);
  expect(await maskAfterBatchBegin(b, again)).toEqual(first);
  expect(await maskAfterBatchBegin(c, resumedAtOne)).toEqual(second);
  expect(await maskAfterBatchBegin(b, seededDropout(b, { seed: 8, firstIteration: 0 }))).not.toEqual(first);

  await fromStart.onEpochEnd(0);
  expect((a.layers[0].getConfig() as { seed?: unknown }).seed).toBeUndefined();
});
