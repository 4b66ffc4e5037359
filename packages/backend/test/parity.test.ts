/**
 * The five codelab models train identically on wasm (with registerWasmTrainingKernels) and cpu:
 * same initial weights, same real MNIST batch, three optimizer steps, equal loss curves.
 * Models are the codelab layer stacks at a quarter of the width, to keep the suite fast.
 * Stage 5 uses batchNormalization({ scale: true }): scale:false crashes in tfjs-layers 4.22 training.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import type * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildStage, mnistBatch, type Stage } from '../bench/stages.js';
import { registerWasmTrainingKernels } from '../src/kernels/index.js';

const STEPS = 3;
/** Conv stages use a smaller batch: the cpu side is the slow one. */
const batchFor = (stage: Stage) => (stage >= 4 ? 8 : 16);

function optimizerFor(stage: Stage): tf.Optimizer {
  return stage === 1 ? tf.train.sgd(0.1) : tf.train.adam(0.003);
}

/** Builds the stage on `backend` with the given initial weights (or its seeded ones). */
async function compiled(backend: string, stage: Stage, weights?: Float32Array[]): Promise<tfl.LayersModel> {
  await tf.setBackend(backend);
  const model = buildStage(stage, { scale: 0.25, seed: 11 });
  if (weights) model.setWeights(model.getWeights().map((w, i) => tf.tensor(weights[i]!, w.shape)));
  model.compile({ optimizer: optimizerFor(stage), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  return model;
}

/** Losses of STEPS training steps, then the loss after the last update. */
async function lossCurve(model: tfl.LayersModel, stage: Stage): Promise<number[]> {
  const { xs, ys } = mnistBatch(stage, batchFor(stage));
  const losses: number[] = [];
  for (let i = 0; i < STEPS; i++) {
    const out = (await model.trainOnBatch(xs, ys)) as number[];
    losses.push(out[0]!);
  }
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
  it.each([1, 2, 3, 4, 5] as Stage[])(`stage %i: equal loss curves over ${STEPS} steps`, async (stage) => {
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
    const { xs, ys } = mnistBatch(5, 16);
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
