import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  InvalidModelOptionError,
  CODELAB_STAGES,
  STAGES,
  UnknownStageError,
  createExpertsModel,
  createBatchNormConvolutionalModel,
  createConvolutionalModel,
  createDenseDropoutModel,
  createDenseModel,
  createSoftmaxModel,
  createStageModel,
  learningRateAt,
  parseStage,
  stageInfo,
  summarizeModel,
} from '../src/index.js';
import { useCpuBackend } from './helpers/backend.js';

beforeAll(useCpuBackend);

type Row = [className: string, outputShape: tfl.Shape | tfl.Shape[], params: number];
const layerTable = (model: tfl.LayersModel): Row[] =>
  model.layers.map((layer) => [layer.getClassName(), layer.outputShape, layer.countParams()]);
const trainableCount = (model: tfl.LayersModel) =>
  model.trainableWeights.reduce((sum, w) => sum + w.shape.reduce<number>((a, b) => a * (b ?? 0), 1), 0);

function withModel(build: () => { model: tfl.LayersModel }, check: (model: tfl.LayersModel) => void): void {
  const { model } = build();
  try {
    check(model);
  } finally {
    model.dispose();
  }
}

// Expected parameter counts worked out by hand: dense = in·out + out; conv = k·k·in·out (+ out bias);
// batch norm without scale = beta + moving mean + moving variance = 3 · channels.
describe('layer lists and parameter counts', () => {
  it('stage 1: 784·10 + 10 = 7,850', () => {
    withModel(createSoftmaxModel, (model) => {
      expect(layerTable(model)).toEqual([['Dense', [null, 10], 7850]]);
      expect(model.countParams()).toBe(7850);
    });
  });

  it('stage 2: 157,000 + 20,100 + 6,060 + 1,830 + 310 = 185,300', () => {
    withModel(createDenseModel, (model) => {
      expect(layerTable(model)).toEqual([
        ['Dense', [null, 200], 784 * 200 + 200],
        ['Dense', [null, 100], 200 * 100 + 100],
        ['Dense', [null, 60], 100 * 60 + 60],
        ['Dense', [null, 30], 60 * 30 + 30],
        ['Dense', [null, 10], 30 * 10 + 10],
      ]);
      expect(model.countParams()).toBe(185_300);
      expect(model.layers.slice(0, 4).map((l) => (l.getConfig() as { activation: string }).activation)).toEqual(
        ['relu', 'relu', 'relu', 'relu'],
      );
    });
  });

  it('stage 3: the same 185,300 weights with a dropout layer after every hidden layer', () => {
    withModel(createDenseDropoutModel, (model) => {
      expect(layerTable(model)).toEqual([
        ['Dense', [null, 200], 157_000],
        ['Dropout', [null, 200], 0],
        ['Dense', [null, 100], 20_100],
        ['Dropout', [null, 100], 0],
        ['Dense', [null, 60], 6_060],
        ['Dropout', [null, 60], 0],
        ['Dense', [null, 30], 1_830],
        ['Dropout', [null, 30], 0],
        ['Dense', [null, 10], 310],
      ]);
      expect(model.layers.filter((l) => l.getClassName() === 'Dropout').map((l) => (l.getConfig() as { rate: number }).rate))
        .toEqual([0.1, 0.1, 0.1, 0.1]);
    });
  });

  it('stage 4: 28×28 → 28×28·12 → 14×14·24 → 7×7·32 → 200 → 10, 354,002 weights', () => {
    withModel(createConvolutionalModel, (model) => {
      expect(layerTable(model)).toEqual([
        ['Conv2D', [null, 28, 28, 12], 3 * 3 * 1 * 12 + 12],
        ['Conv2D', [null, 14, 14, 24], 6 * 6 * 12 * 24 + 24],
        ['Conv2D', [null, 7, 7, 32], 6 * 6 * 24 * 32 + 32],
        ['Flatten', [null, 1568], 0],
        ['Dense', [null, 200], 1568 * 200 + 200],
        ['Dense', [null, 10], 200 * 10 + 10],
      ]);
      expect(model.countParams()).toBe(354_002);
      const conv = model.layers.slice(0, 3).map((l) => l.getConfig() as { kernelSize: number[]; strides: number[]; padding: string; activation: string });
      expect(conv.map((c) => [c.kernelSize, c.strides, c.padding, c.activation])).toEqual([
        [[3, 3], [1, 1], 'same', 'relu'],
        [[6, 6], [2, 2], 'same', 'relu'],
        [[6, 6], [2, 2], 'same', 'relu'],
      ]);
    });
  });

  it('stage 5: bigger convolutions, biases replaced by batch-norm offsets (708,362 trainable) plus 2·336 moving statistics', () => {
    withModel(createBatchNormConvolutionalModel, (model) => {
      const bn = 'OptionalScaleBatchNormalization';
      expect(layerTable(model)).toEqual([
        ['InputConv2D', [null, 28, 28, 24], 6 * 6 * 24],
        [bn, [null, 28, 28, 24], 3 * 24],
        ['Activation', [null, 28, 28, 24], 0],
        ['Conv2D', [null, 14, 14, 48], 5 * 5 * 24 * 48],
        [bn, [null, 14, 14, 48], 3 * 48],
        ['Activation', [null, 14, 14, 48], 0],
        ['Conv2D', [null, 7, 7, 64], 4 * 4 * 48 * 64],
        [bn, [null, 7, 7, 64], 3 * 64],
        ['Activation', [null, 7, 7, 64], 0],
        ['Flatten', [null, 3136], 0],
        ['Dense', [null, 200], 3136 * 200],
        [bn, [null, 200], 3 * 200],
        ['Activation', [null, 200], 0],
        ['Dropout', [null, 200], 0],
        ['Dense', [null, 10], 2010],
      ]);
      expect(model.countParams()).toBe(709_034);
      expect(trainableCount(model)).toBe(708_362);
      const names = model.weights.map((w) => w.originalName.split('/').pop());
      expect(names).not.toContain('gamma');
      expect(names.filter((n) => n === 'beta')).toHaveLength(4);
      expect((model.layers[13].getConfig() as { rate: number }).rate).toBe(0.3);
    });
  });

  it('stage 6, Deep MNIST for Experts: 5×5·32 → pool → 5×5·64 → pool → 1024 → dropout 0.5 → 10, 3,274,634 weights', () => {
    withModel(createExpertsModel, (model) => {
      expect(layerTable(model)).toEqual([
        ['Conv2D', [null, 28, 28, 32], 5 * 5 * 1 * 32 + 32],
        ['MaxPooling2D', [null, 14, 14, 32], 0],
        ['Conv2D', [null, 14, 14, 64], 5 * 5 * 32 * 64 + 64],
        ['MaxPooling2D', [null, 7, 7, 64], 0],
        ['Flatten', [null, 3136], 0],
        ['Dense', [null, 1024], 3136 * 1024 + 1024],
        ['Dropout', [null, 1024], 0],
        ['Dense', [null, 10], 1024 * 10 + 10],
      ]);
      expect(model.countParams()).toBe(3_274_634);
      expect((model.layers[6].getConfig() as { rate: number }).rate).toBe(0.5);
    });
  });

  it('summarizeModel lists each layer as plain data', () => {
    withModel(createExpertsModel, (model) => {
      const rows = summarizeModel(model);
      expect(rows.map((r) => [r.className, r.outputShape, r.params])).toEqual(layerTable(model).map(([c, s, p]) => [c, (s as number[]).slice(1), p]));
      expect(structuredClone(rows)).toEqual(rows);
    });
  });

  it('stage 6 takes dropout, decayRate, learningRate and seed, and rejects the rest', () => {
    const { model, recipe } = createExpertsModel({ dropout: 0, decayRate: 1, learningRate: 1e-4, seed: 3 });
    expect(model.layers.map((l) => l.getClassName())).not.toContain('Dropout');
    expect(recipe.schedule).toEqual({ kind: 'exponential', initial: 1e-4, rate: 1 });
    model.dispose();
    expect(() => createExpertsModel({ filters: [8] } as never)).toThrow(/no such option: createExpertsModel accepts dropout/);
  });
});

describe('recipes', () => {
  it('STAGES lists the five codelab stages in order with rising targets, then the experts’ net', () => {
    expect(STAGES.map((s) => s.stage)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(CODELAB_STAGES.map((s) => s.stage)).toEqual([1, 2, 3, 4, 5]);
    expect(STAGES.map((s) => s.targetAccuracy)).toEqual([0.92, 0.97, 0.98, 0.99, 0.995, 0.992]);
    expect(STAGES[5].source).toMatch(/Deep MNIST for Experts/);
    expect(new Set(CODELAB_STAGES.map((s) => s.source)).size).toBe(1);
    for (const s of STAGES) expect(s.recipe.expectedAccuracy).toBe(s.targetAccuracy);
    expect(STAGES.map((s) => [s.recipe.optimizer, s.recipe.batchSize, s.recipe.epochs, s.recipe.inputShape])).toEqual([
      ['sgd', 100, 10, 'flat'],
      ['adam', 128, 10, 'flat'],
      ['adam', 128, 10, 'flat'],
      ['adam', 128, 3, 'image'],
      ['adam', 64, 10, 'image'],
      ['adam', 50, 4, 'image'],
    ]);
  });

  it('learningRateAt follows the schedule at the start of each epoch: constant, 0.003·0.8^epoch, 0.005·0.3^epoch, 0.01·0.666^epoch', () => {
    expect(learningRateAt(stageInfo(1).recipe, 7)).toBe(0.5);
    expect(learningRateAt(stageInfo(2).recipe, 3)).toBe(0.001);
    expect(learningRateAt(stageInfo(3).recipe, 0)).toBe(0.003);
    expect(learningRateAt(stageInfo(3).recipe, 2)).toBeCloseTo(0.00192, 12);
    expect(learningRateAt(stageInfo(4).recipe, 2)).toBeCloseTo(0.005 * 0.3 ** 2, 15);
    expect(stageInfo(4).recipe.schedule).toEqual({ kind: 'exponential', initial: 0.005, rate: 0.3 });
    expect(learningRateAt(stageInfo(5).recipe, 1)).toBeCloseTo(0.00666, 12);
    expect(() => learningRateAt(stageInfo(3).recipe, -1)).toThrow(
      "Invalid model option 'epoch': got -1, expected an integer ≥ 0 (learningRateAt counts epochs from 0).");
    expect(() => learningRateAt(stageInfo(3).recipe, 1.5)).toThrow(InvalidModelOptionError);
  });

  it('the compiled optimizer is the recipe’s, at its initial rate', () => {
    for (const stage of [1, 2, 5] as const) {
      const { model, recipe } = createStageModel(stage);
      const optimizer = model.optimizer as tf.Optimizer & { learningRate: number };
      expect(optimizer.getClassName()).toBe(recipe.optimizer === 'sgd' ? 'SGD' : 'Adam');
      expect(optimizer.learningRate).toBe(recipe.learningRate);
      model.dispose();
    }
  });

  it('a learningRate option moves the schedule with it', () => {
    const { model, recipe } = createStageModel(4, { learningRate: 0.002, decayRate: 0.5 });
    expect(recipe.learningRate).toBe(0.002);
    expect(recipe.schedule).toEqual({ kind: 'exponential', initial: 0.002, rate: 0.5 });
    expect(learningRateAt(recipe, 2)).toBeCloseTo(0.0005, 12);
    expect(stageInfo(4).recipe.learningRate).toBe(0.005); // the shared default is untouched
    model.dispose();
  });
});

describe('createStageModel and stage numbers', () => {
  it('builds the same architecture as the per-stage factories', () => {
    const factories = [
      createSoftmaxModel,
      createDenseModel,
      createDenseDropoutModel,
      createConvolutionalModel,
      createBatchNormConvolutionalModel,
      createExpertsModel,
    ];
    for (const [i, factory] of factories.entries()) {
      const a = createStageModel((i + 1) as 1);
      const b = factory();
      expect(layerTable(a.model)).toEqual(layerTable(b.model));
      expect(a.info).toBe(STAGES[i]);
      expect(a.recipe).toEqual(STAGES[i].recipe);
      a.model.dispose();
      b.model.dispose();
    }
  });

  it('accepts numeric strings from the command line', () => {
    expect(parseStage('3')).toBe(3);
    expect(parseStage(' 5 ')).toBe(5);
    const { model, info } = createStageModel('1');
    expect(info.stage).toBe(1);
    model.dispose();
  });

  it('knows stage 6 by its name, experts', () => {
    expect(parseStage('experts')).toBe(6);
    expect(parseStage(' experts ')).toBe(6);
    expect(stageInfo('experts').title).toBe('Deep MNIST for Experts');
    expect(() => parseStage('Experts!')).toThrow(UnknownStageError);
  });

  it.each([0, 7, 'foo', '', 2.5, null, undefined, '1e0', 'constructor'])('rejects %j with UnknownStageError listing 1–6', (stage) => {
    const attempt = () => createStageModel(stage as never);
    expect(attempt).toThrow(UnknownStageError);
    try {
      attempt();
    } catch (error) {
      const e = error as UnknownStageError;
      expect(e.name).toBe('UnknownStageError');
      expect(e.message).toContain('stages are 1, 2, 3, 4, 5, 6');
      expect(e.message).toContain("'experts'");
      expect(e.stage).toBe(stage);
      expect(e.validStages).toEqual([1, 2, 3, 4, 5, 6]);
    }
  });
});
