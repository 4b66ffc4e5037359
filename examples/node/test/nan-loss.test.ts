import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { parseTrainOptions, type TrainOptions } from '../src/cli/train-options.js';
import { runTraining } from '../src/training/run-training.js';
import type { RunReport } from '../src/report/run-report.js';

let dir: string | undefined;
afterAll(() => dir && rm(dir, { recursive: true, force: true }));

// tfjs's built-in cross-entropy clips its input, so a learning rate alone cannot make it NaN;
// a hand-written loss taking the log of a negative number is the classic way to get one.
function modelWithBrokenLoss(): tfl.LayersModel {
  const model = tfl.sequential({ layers: [tfl.layers.dense({ inputShape: [784], units: 10, activation: 'softmax' })] });
  model.compile({
    optimizer: tf.train.sgd(0.5),
    loss: (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.mean(tf.mul(yTrue, tf.log(tf.sub(yPred, 2))), -1),
    metrics: ['accuracy'],
  });
  return model;
}

it('a NaN loss stops training with NonFiniteLossError, records it and saves no checkpoint', async () => {
  dir = await mkdtemp(join(tmpdir(), 'nophd-nan-'));
  const options = { ...(parseTrainOptions(['--stage', '1', '--epochs', '2', '--train-size', '500', '--test-size', '100', '--quiet']) as TrainOptions), out: dir };
  const stop = { requested: false, onRequest() {}, release() {} };
  const error = await runTraining(options, stop, () => {}, modelWithBrokenLoss).catch((e: unknown) => e);
  expect((error as Error).name).toBe('NonFiniteLossError');
  expect((error as Error).message).toMatch(/Training loss became NaN at epoch 0, batch 0/);
  const report = JSON.parse(await readFile(join(dir, 'report.json'), 'utf8')) as RunReport;
  expect(report.status).toBe('failed');
  expect(report.sessions[0].error).toContain('NonFiniteLossError');
  expect(report.epochsCompleted).toBe(0);
  expect(existsSync(join(dir, 'model.json'))).toBe(false);
});
