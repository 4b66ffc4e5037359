import type * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  HIDDEN_ACTIVATIONS,
  InvalidModelOptionError,
  createBatchNormConvolutionalModel,
  createConvolutionalModel,
  createDenseDropoutModel,
  createDenseModel,
  createSoftmaxModel,
  createStageModel,
  stageInfo,
  withLearningRate,
} from '../src/index.js';
import { useCpuBackend } from './helpers/backend.js';

beforeAll(useCpuBackend);

function rejected(build: () => unknown): InvalidModelOptionError {
  try {
    build();
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidModelOptionError);
    return error as InvalidModelOptionError;
  }
  throw new Error('expected an InvalidModelOptionError, but the model was built');
}

const activations = (model: tfl.LayersModel) =>
  model.layers.map((l) => (l.getConfig() as { activation?: string }).activation).filter(Boolean);

describe('invalid options name the option, the value and what is accepted', () => {
  it.each([
    ['hiddenUnits', () => createDenseModel({ hiddenUnits: [] }), /'hiddenUnits'.*got \[\].*non-empty list/],
    ['hiddenUnits[1]', () => createDenseModel({ hiddenUnits: [200, 0] }), /'hiddenUnits\[1\]'.*got 0.*whole number from 1/],
    ['hiddenUnits[0]', () => createDenseModel({ hiddenUnits: [12.5] }), /'hiddenUnits\[0\]'.*got 12.5/],
    ['activation', () => createDenseModel({ activation: 'sigmoidd' as never }), /'activation'.*'sigmoidd'.*'relu', 'sigmoid'/],
    ['learningRate', () => createSoftmaxModel({ learningRate: 0 }), /'learningRate'.*got 0.*\(0, 10\)/],
    ['learningRate', () => createDenseModel({ learningRate: Number.NaN }), /'learningRate'.*NaN/],
    ['learningRate', () => createStageModel(2, { learningRate: '0.01' as never }), /'learningRate'.*'0.01'/],
    ['dropout', () => createDenseDropoutModel({ dropout: 1 }), /'dropout'.*got 1.*\[0, 1\)/],
    ['dropout', () => createBatchNormConvolutionalModel({ dropout: -0.1 }), /'dropout'.*-0.1/],
    ['decayRate', () => createDenseDropoutModel({ decayRate: 1.5 }), /'decayRate'.*\(0, 1\]/],
    ['seed', () => createSoftmaxModel({ seed: -1 }), /'seed'.*non-negative integer/],
    ['denseUnits', () => createConvolutionalModel({ denseUnits: 0 }), /'denseUnits'/],
    ['filters[2]', () => createConvolutionalModel({ filters: [12, 24, 'x' as never] }), /'filters\[2\]'.*'x'/],
    ['kernelSizes', () => createConvolutionalModel({ filters: [8, 16] }), /'kernelSizes'.*list of 2 values.*'filters' has 2/],
    ['strides', () => createConvolutionalModel({ strides: [1, 2] }), /'strides'.*list of 3/],
    ['dropout', () => createSoftmaxModel({ dropout: 0.5 } as never), /'dropout'.*no such option: createSoftmaxModel accepts learningRate, seed/],
    ['hiddenUnits', () => createStageModel(4, { hiddenUnits: [10] } as never), /no such option: createConvolutionalModel accepts filters/],
    ['options', () => createDenseModel('big' as never), /'options'.*'big'.*an object of options/],
    ['batchNormMomentum', () => createBatchNormConvolutionalModel({ batchNormMomentum: 1 }), /'batchNormMomentum'.*\[0, 1\)/],
    ['batchNormMomentum', () => createConvolutionalModel({ batchNormMomentum: 0.9 } as never), /no such option: createConvolutionalModel/],
  ])('%s', (option, build, message) => {
    const error = rejected(build);
    expect(error.name).toBe('InvalidModelOptionError');
    expect(error.option).toBe(option);
    expect(error.message).toMatch(message);
  });
});

describe('valid options change the model as asked', () => {
  it('hiddenUnits and sigmoid, the codelab’s first five-layer attempt', () => {
    const { model } = createDenseModel({ hiddenUnits: [64, 32], activation: 'sigmoid' });
    expect(model.layers.map((l) => l.countParams())).toEqual([784 * 64 + 64, 64 * 32 + 32, 32 * 10 + 10]);
    expect(activations(model)).toEqual(['sigmoid', 'sigmoid', 'softmax']);
    model.dispose();
  });

  it('every listed hidden activation builds', () => {
    for (const activation of HIDDEN_ACTIVATIONS) {
      const { model } = createDenseDropoutModel({ hiddenUnits: [8], activation, dropout: 0 });
      expect(activations(model)).toEqual([activation, 'softmax']);
      expect(model.layers.some((l) => l.getClassName() === 'Dropout')).toBe(false);
      model.dispose();
    }
  });

  it('the bigger convolutional net from the codelab’s TF1 version: 6×6·24, 5×5·48, 4×4·64', () => {
    const { model } = createBatchNormConvolutionalModel({ filters: [24, 48, 64], kernelSizes: [6, 5, 4], dropout: 0.4 });
    const convs = model.layers.filter((l) => l.getClassName().endsWith('Conv2D'));
    expect(convs.map((l) => l.outputShape)).toEqual([[null, 28, 28, 24], [null, 14, 14, 48], [null, 7, 7, 64]]);
    expect(convs.map((l) => l.countParams())).toEqual([6 * 6 * 24, 5 * 5 * 24 * 48, 4 * 4 * 48 * 64]);
    expect(model.layers.find((l) => l.getClassName() === 'Dense')?.countParams()).toBe(7 * 7 * 64 * 200);
    model.dispose();
  });

  it('batchNormMomentum reaches every batch-norm layer of stage 5', () => {
    const { model } = createBatchNormConvolutionalModel({ batchNormMomentum: 0.9, filters: [2, 2, 2], denseUnits: 4 });
    const momenta = model.layers.filter((l) => l.getClassName() === 'OptionalScaleBatchNormalization').map((l) => (l.getConfig() as { momentum: number }).momentum);
    expect(momenta).toEqual([0.9, 0.9, 0.9, 0.9]);
    model.dispose();
  });

  it('a seed makes the initial weights repeatable', () => {
    const weights = (seed: number) => {
      const { model } = createDenseModel({ seed, hiddenUnits: [16] });
      const values = model.getWeights().map((w) => Array.from(w.dataSync()));
      model.dispose();
      return values;
    };
    expect(weights(7)).toEqual(weights(7));
    expect(weights(7)[0]).not.toEqual(weights(8)[0]);
  });
});

describe('withLearningRate applies the same bounds as the factories', () => {
  it('refuses a rate of 10 or more, a missing rate, and a decay rate for a constant schedule', () => {
    const exponential = stageInfo(3).recipe;
    expect(() => withLearningRate(exponential, 1e9)).toThrow(
      "Invalid model option 'learningRate': got 1000000000, expected a number in (0, 10).");
    expect(() => withLearningRate(exponential, 0)).toThrow(InvalidModelOptionError);
    expect(() => withLearningRate(exponential, undefined as never)).toThrow(/'learningRate': got undefined/);
    expect(() => withLearningRate(exponential, 0.01, 1.5)).toThrow(/'decayRate': got 1\.5, expected a number in \(0, 1\]/);
    expect(() => withLearningRate(stageInfo(1).recipe, 0.1, 0.9)).toThrow(/'decayRate': got 0\.9, expected nothing: this recipe's learning rate is constant/);
    expect(withLearningRate(exponential, 0.01, 0.5).schedule).toEqual({ kind: 'exponential', initial: 0.01, rate: 0.5 });
  });
  it("keeps a smooth decay smooth (every: 'batch')", () => {
    const smooth = { ...stageInfo(3).recipe, schedule: { kind: 'exponential', initial: 0.003, rate: 0.8, every: 'batch' } as const };
    expect(withLearningRate(smooth, 0.01).schedule).toEqual({ kind: 'exponential', initial: 0.01, rate: 0.8, every: 'batch' });
  });
});
