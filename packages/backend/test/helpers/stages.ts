/**
 * The shipped @nophd/models stages at a quarter of their width (same layer sequence, kernel sizes, strides,
 * batch-norm layer and recipe), and real MNIST from @nophd/mnist-data, for the parity tests: the cpu side
 * of a full-width conv stage would take minutes a step.
 */
import { loadMnist, type MnistData } from '@nophd/mnist-data';
import { createStageModel, stageInfo, type StageModel, type StageNumber } from '@nophd/models';
import type * as tf from '@tensorflow/tfjs-core';
import { vi } from 'vitest';

const QUARTER_WIDTH: { [S in StageNumber]: object } = {
  1: {},
  2: { hiddenUnits: [50, 25, 15, 8] },
  3: { hiddenUnits: [50, 25, 15, 8] },
  4: { filters: [3, 6, 8], denseUnits: 50 },
  5: { filters: [6, 12, 16], denseUnits: 50 },
};

/** Stage `stage` from @nophd/models, compiled for its recipe, on the backend active now. */
export function quarterWidthStage(stage: StageNumber, seed = 11): StageModel {
  return (createStageModel as (s: StageNumber, o: object) => StageModel)(stage, { ...QUARTER_WIDTH[stage], seed });
}

let data: Promise<MnistData> | undefined;

/** The first `size` test images (in file order) shaped for the stage's input, one-hot labels. */
export async function mnistTestBatch(stage: StageNumber, size: number): Promise<{ xs: tf.Tensor; ys: tf.Tensor }> {
  data ??= loadMnist({ validationSize: 0, trainSize: 0 });
  return (await data).test.toTensors({ shape: stageInfo(stage).recipe.inputShape, size });
}

/**
 * Runs `f` with Math.random replaced by a fixed sequence. The stages' dropout masks are unseeded, and
 * tfjs seeds an unseeded random op from Math.random, so this gives both backends the same masks.
 */
export async function withRepeatableRandom<T>(f: () => Promise<T>): Promise<T> {
  let state = 12345;
  const spy = vi.spyOn(Math, 'random').mockImplementation(() => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  });
  try {
    return await f();
  } finally {
    spy.mockRestore();
  }
}
