import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import type { MnistData } from '@nophd/mnist-data';
import { disposeModel } from '@nophd/models';
import { evaluate, NotADigitClassifierError, topConfusions, train } from '../src/index.js';
import { smallMnist } from './helpers.js';

let data: MnistData;
beforeAll(async () => {
  data = await smallMnist();
});

describe('evaluate()', () => {
  it('scores in chunks: accuracy, per-digit accuracy, confusion matrix and worst images agree with each other, leak-free', async () => {
    const run = train({ stage: 1, data, epochs: 1 });
    const { model } = await run.result;
    const before = tf.memory().numTensors;
    const result = await evaluate(model, data.test, { chunkSize: 300, worst: 5 });
    expect(tf.memory().numTensors).toBe(before);
    expect(result.size).toBe(1000);
    const total = result.confusion.flat().reduce((a, b) => a + b, 0);
    expect(total).toBe(1000);
    expect(result.perDigit.map((d) => d.total)).toEqual(data.test.classCounts());
    const diagonal = result.confusion.reduce((sum, row, i) => sum + row[i], 0);
    expect(result.accuracy).toBeCloseTo(diagonal / 1000, 10);
    expect(result.accuracy).toBeGreaterThan(0.75);
    expect(result.loss).toBeGreaterThan(0);
    expect(result.worst).toHaveLength(5);
    for (const mistake of result.worst) {
      expect(mistake.label).toBe(data.test.labels[mistake.index]);
      expect(mistake.predicted).not.toBe(mistake.label);
      expect(result.predictions[mistake.index]).toBe(mistake.predicted);
    }
    const probabilities = result.worst.map((m) => m.probabilityOfLabel);
    expect([...probabilities].sort((a, b) => a - b)).toEqual(probabilities);
    const [top] = topConfusions(result.confusion, 1);
    expect(result.confusion[top.label][top.predicted]).toBe(top.count);
    run.dispose();
  });

  it('refuses a model that does not end in ten digit probabilities', async () => {
    const model = tfl.sequential({ layers: [tfl.layers.dense({ inputShape: [784], units: 12, activation: 'softmax' })] });
    await expect(evaluate(model, data.test)).rejects.toThrow(NotADigitClassifierError);
    await expect(evaluate(model, data.test)).rejects.toThrow(/\[null, 12\]/);
    disposeModel(model);
  });
});
