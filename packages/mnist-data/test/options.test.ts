import { describe, expect, it } from 'vitest';
import { MnistOptionError, createMnistSplit, loadMnist } from '../src/node.js';

/** The MnistOptionError loadMnist rejects with, checked to name the option and to match `message`. */
async function refused(options: unknown, option: string, message: RegExp): Promise<void> {
  const error = await loadMnist(options as never).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(MnistOptionError);
  expect((error as MnistOptionError).option).toBe(option);
  expect((error as Error).message).toMatch(message);
}

describe('loadMnist option types (checked before any file is read)', () => {
  it('takes only a number or a string as seed', async () => {
    await refused({ seed: {} }, 'seed', /^seed: must be a finite number or a string, got an object \(Object\)\. Pass e\.g\. 42/);
    await refused({ seed: null }, 'seed', /got null/);
    await refused({ seed: Number.NaN }, 'seed', /got NaN/);
    await refused({ seed: [1] }, 'seed', /got an array/);
  });

  it('takes sizes only as whole numbers ≥ 0, never as strings', async () => {
    await refused({ trainSize: '100' }, 'trainSize', /must be a whole number ≥ 0, got "100"\. Pass e\.g\. \{ trainSize: 1000 \}/);
    await refused({ testSize: -1 }, 'testSize', /got -1/);
    await refused({ validationSize: 2.5 }, 'validationSize', /got 2\.5/);
    await refused({ testSize: Infinity }, 'testSize', /got Infinity/);
  });

  it('refuses unknown options, suggesting the option that differs only in case', async () => {
    await refused({ trainsize: 100 }, 'trainsize', /is not a loadMnist option\. Did you mean trainSize\? The options are validationSize, trainSize/);
    await refused({ batchSize: 100 }, 'batchSize', /is not a loadMnist option\. The options are/);
  });

  it('refuses options that are not an object and source options of the wrong type', async () => {
    await refused(null, 'options', /must be an object, got null/);
    await refused('./data', 'options', /got "\.\/data"/);
    await refused({ dir: 42 }, 'dir', /must be a non-empty directory path, got 42/);
    await refused({ verify: 'yes' }, 'verify', /must be true or false, got "yes"/);
    await refused({ baseUrl: 5 }, 'baseUrl', /must be a URL string or URL, got 5/);
    await refused({ baseUrl: '/m/', gzip: 1 }, 'gzip', /must be true or false, got 1/);
    await refused({ baseUrl: '/m/', cache: 'yes' }, 'cache', /Cache-like object/);
    await refused({ onProgress: true }, 'onProgress', /must be a function, got true/);
  });
});

describe('split seeds', () => {
  const split = createMnistSplit(new Float32Array(4 * 784), new Uint8Array([0, 1, 2, 3]));

  it('batches() and sample() take only a number or a string as seed', () => {
    expect(() => split.batches({ batchSize: 2, seed: {} as never })).toThrow(/^seed: must be a finite number or a string, got an object/);
    expect(() => split.batches({ batchSize: 2, shuffle: 'no' as never })).toThrow(MnistOptionError);
    expect(() => split.sample(2, {} as never)).toThrow(/seed: must be a finite number or a string/);
    expect(split.sample(2, 'abc').labels).toHaveLength(2);
  });
});
