import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { gunzipSync } from 'node:zlib';
import { embeddedMnistFiles, loadMnist, parseIdxImages, parseIdxLabels } from '@nophd/mnist-data';
import { median } from '../stats.js';
import type { MnistLoadResult, MnistLoadTask } from '../tasks.js';

/**
 * Full garbage collections when the process was started with --expose-gc (the bench's children are),
 * with a pause between them so buffers still held by settled file reads are released too.
 */
async function collectGarbage(): Promise<void> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) return;
  gc();
  await sleep(50);
  gc();
}

/**
 * Three views of loading MNIST: `loadMnist()` once, cold, in a fresh process (read, SHA-256, parse,
 * float32, split); the same without the checksum from the OS file cache, repeated for a median (the
 * parse-to-float32 figure); and the IDX header parsers alone on bytes already in memory.
 */
export async function measureMnistLoad(task: MnistLoadTask): Promise<MnistLoadResult> {
  await collectGarbage();
  const before = process.memoryUsage();
  const start = performance.now();
  const data = await loadMnist();
  const loadMs = performance.now() - start;
  await collectGarbage(); // what stays is the dataset, not the file bytes it was parsed from
  const after = process.memoryUsage();
  const sizes = { train: data.train.size, validation: data.validation.size, test: data.test.size };

  const files = embeddedMnistFiles();
  const dir = dirname(files.trainImages);
  const parseMs: number[] = [];
  for (let i = 0; i < task.parseRepeats; i++) {
    const t0 = performance.now();
    await loadMnist({ dir, verify: false });
    parseMs.push(performance.now() - t0);
    await collectGarbage();
  }

  const bytes = [files.trainImages, files.trainLabels, files.testImages, files.testLabels].map(readIdx);
  const headerMs: number[] = [];
  let parseImages = 0;
  for (let i = 0; i < task.parseRepeats; i++) {
    const t0 = performance.now();
    const train = parseIdxImages(bytes[0], 'train-images');
    parseIdxLabels(bytes[1], 'train-labels');
    const test = parseIdxImages(bytes[2], 'test-images');
    parseIdxLabels(bytes[3], 'test-labels');
    headerMs.push(performance.now() - t0);
    parseImages = train.count + test.count;
  }

  return {
    kind: 'mnist-load',
    loadMs,
    sizes,
    parseImages,
    parseMs,
    parseMedianMs: median(parseMs),
    idxParseMedianMs: median(headerMs),
    retainedArrayBuffers: after.arrayBuffers - before.arrayBuffers,
    rssGrowth: after.rss - before.rss,
  };
}

/** The embedded files may be stored plain or gzipped; decompression is not part of parsing. */
function readIdx(path: string): Uint8Array {
  const raw = readFileSync(path);
  const gzipped = raw[0] === 0x1f && raw[1] === 0x8b;
  return new Uint8Array(gzipped ? gunzipSync(raw) : raw);
}
