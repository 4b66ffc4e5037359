/**
 * The five shipped @nophd/models stages train identically on wasm (with registerWasmTrainingKernels) and
 * cpu: same initial weights, same real MNIST batch, same dropout masks, three steps of each stage's own
 * optimizer, equal loss curves. Stage 5 is the shipped network with its batch-norm layer (no scale), at a
 * quarter of the width to keep the cpu side fast (helpers/stages.ts).
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import type { StageNumber } from '@nophd/models';
import type * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { registerWasmTrainingKernels } from '../src/kernels/index.js';
import { mnistTestBatch, quarterWidthStage, withRepeatableRandom } from './helpers/stages.js';

const STEPS = 3;
/** Conv stages use a smaller batch: the cpu side is the slow one. */
const batchFor = (stage: StageNumber) => (stage >= 4 ? 8 : 16);

/** Builds the stage on `backend` with the given initial weights (or its seeded ones). */
async function compiled(backend: string, stage: StageNumber, weights?: Float32Array[]): Promise<tfl.LayersModel> {
  await tf.setBackend(backend);
  const { model } = quarterWidthStage(stage);
  if (weights) model.setWeights(model.getWeights().map((w, i) => tf.tensor(weights[i]!, w.shape)));
  return model;
}

/** Losses of STEPS training steps, then the loss after the last update. */
async function lossCurve(model: tfl.LayersModel, stage: StageNumber): Promise<number[]> {
  const { xs, ys } = await mnistTestBatch(stage, batchFor(stage));
  const losses: number[] = [];
  await withRepeatableRandom(async () => {
    for (let i = 0; i < STEPS; i++) {
      const out = (await model.trainOnBatch(xs, ys)) as number[];
      losses.push(out[0]!);
    }
  });
  const after = model.evaluate(xs, ys, { batchSize: batchFor(stage) }) as tf.Scalar[];
  losses.push((await after[0]!.data())[0]!);
  tf.dispose([xs, ys, ...after]);
  return losses;
}

beforeAll(async () => {
  registerWasmTrainingKernels();
  await tf.setBackend('wasm');
  await tf.ready();
});

describe('training parity wasm vs cpu', () => {
  it.each([1, 2, 3, 4, 5] as StageNumber[])(`stage %i: equal loss curves over ${STEPS} steps`, async (stage) => {
    const cpuModel = await compiled('cpu', stage);
    const initial = cpuModel.getWeights().map((w) => w.dataSync() as Float32Array);
    const cpu = await lossCurve(cpuModel, stage);
    cpuModel.dispose();

    const wasmModel = await compiled('wasm', stage, initial);
    const wasm = await lossCurve(wasmModel, stage);
    wasmModel.dispose();

    expect(cpu.every(Number.isFinite)).toBe(true);
    // The model really learned on this batch (so equal curves mean equal updates, not no updates).
    expect(cpu.at(-1)!).toBeLessThan(cpu[0]!);
    for (let i = 0; i < cpu.length; i++) expect(Math.abs(wasm[i]! - cpu[i]!)).toBeLessThan(1e-4 * Math.max(1, cpu[i]!));
  });
});

describe('memory on wasm', () => {
  it('tensor count and wasm heap allocations stay flat across training steps (stage 5)', async () => {
    const model = await compiled('wasm', 5);
    const backend = tf.backend() as unknown as { numDataIds(): number };
    const { xs, ys } = await mnistTestBatch(5, 16);
    await model.trainOnBatch(xs, ys); // creates optimizer slots
    const tensors = tf.memory().numTensors;
    const dataIds = backend.numDataIds();
    for (let i = 0; i < 4; i++) await model.trainOnBatch(xs, ys);
    expect(tf.memory().numTensors).toBe(tensors);
    expect(backend.numDataIds()).toBe(dataIds);
    tf.dispose([xs, ys]);
    model.dispose();
  });
});
