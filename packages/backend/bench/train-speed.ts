/**
 * Training throughput (images/s) of the @nophd/models stages (each compiled for its recipe) on wasm
 * (with the training kernels) and cpu, on real MNIST test images. A developer's probe with a per-kernel
 * profile; the published figures come from `pnpm bench`. Usage:
 *   npx tsx bench/train-speed.ts [--stages 4,5] [--backends wasm,cpu] [--batch 128] [--steps 10] [--profile] [--threads N]
 * --threads N loads the threaded wasm build with N XNNPACK threads (useThreadedWasmInNode).
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import '@tensorflow/tfjs-backend-cpu';
import { setThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import { finishThreadedWasmInNode, registerWasmTrainingKernels, useThreadedWasmInNode } from '../src/kernels/index.js';
import { loadMnist } from '@nophd/mnist-data';
import { createStageModel, parseStage, type StageNumber } from '@nophd/models';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1]! : fallback;
}
const stages: StageNumber[] = arg('stages', '4,5').split(',').map(parseStage);
const backends = arg('backends', 'wasm,cpu').split(',');
const batch = Number(arg('batch', '128'));
const steps = Number(arg('steps', '10'));
const profile = process.argv.includes('--profile');
const threads = Number(arg('threads', '0'));

registerWasmTrainingKernels();
const { test } = await loadMnist({ validationSize: 0, trainSize: 0 });
const rows: string[] = [];
if (threads > 0) setThreadsCount(useThreadedWasmInNode({ threads }));
for (const backend of backends) {
  await tf.setBackend(backend);
  await tf.ready();
  if (backend === 'wasm' && threads > 0) finishThreadedWasmInNode();
  for (const stage of stages) {
    const { model, recipe } = (createStageModel as (s: StageNumber) => ReturnType<typeof createStageModel>)(stage);
    const { xs, ys } = test.toTensors({ shape: recipe.inputShape, size: batch });
    // cpu needs about a minute per step at batch 128: one timed step, no warm-up.
    const n = backend === 'cpu' ? 1 : steps;
    if (backend !== 'cpu') await model.trainOnBatch(xs, ys); // warm-up: kernel setup, optimizer slots
    if (profile) {
      const info = await tf.profile(async () => {
        await model.trainOnBatch(xs, ys);
      });
      const byKernel = new Map<string, { ms: number; calls: number }>();
      for (const k of info.kernels) {
        const e = byKernel.get(k.name) ?? { ms: 0, calls: 0 };
        e.ms += Number(k.kernelTimeMs) || 0;
        e.calls++;
        byKernel.set(k.name, e);
      }
      const sorted = [...byKernel].sort((a, b) => b[1].ms - a[1].ms).slice(0, 18);
      console.log(`profile ${backend} stage ${stage}:`);
      for (const [name, e] of sorted.filter(([k]) => !k.endsWith('__op'))) console.log(`  ${name.padEnd(24)} ${e.ms.toFixed(1).padStart(8)} ms  ${e.calls} calls`);
    }
    const times: number[] = [];
    const cpu0 = process.cpuUsage();
    for (let i = 0; i < n; i++) {
      const t0 = performance.now();
      await model.trainOnBatch(xs, ys);
      times.push((performance.now() - t0) / 1000);
    }
    const cpu = process.cpuUsage(cpu0);
    const mean = (n * batch) / times.reduce((a, b) => a + b, 0);
    const best = batch / Math.min(...times);
    // On a shared machine wall time includes waiting for a core; CPU time is what this process used.
    const perCpu = (n * batch) / ((cpu.user + cpu.system) / 1e6);
    rows.push(`| ${stage} | ${backend}${backend === 'wasm' && threads > 0 ? ` (${threads} threads)` : ''} | ${batch} | ${n} | ${mean.toFixed(1)} | ${best.toFixed(1)} | ${perCpu.toFixed(1)} |`);
    console.log(rows.at(-1));
    tf.dispose([xs, ys]);
    model.dispose();
  }
}
console.log(
  '| stage | backend | batch | steps | images/s (wall, mean) | images/s (wall, best step) | images/s per CPU-second |\n' +
    '|---|---|---|---|---|---|---|\n' +
    rows.join('\n'),
);
