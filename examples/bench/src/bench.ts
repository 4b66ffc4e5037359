/**
 * `pnpm bench`: measures nophd on this machine, one measurement per child process, then prints a
 * markdown table and writes results.json and the table in README.md.
 */
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { version_core } from '@tensorflow/tfjs-core';
import { BACKENDS, BenchUsageError, parseBenchArgs, SECTIONS, USAGE } from './cli.js';
import { detectPytorch, runPytorch } from './peer/pytorch.js';
import { formatDuration, planBench } from './plan.js';
import { writeResultsIntoReadme } from './readme.js';
import { formatNumber, formatSeconds, renderReport } from './report.js';
import type { BenchResults } from './results.js';
import { describe, runInChild } from './run-in-child.js';
import type { TaskResult } from './tasks.js';

const RESULTS_JSON = fileURLToPath(new URL('../results.json', import.meta.url));
const README = fileURLToPath(new URL('../README.md', import.meta.url));

async function main(argv: string[]): Promise<number> {
  const options = parseBenchArgs(argv);
  if (options.help) {
    console.log(USAGE);
    return 0;
  }
  const command = ['pnpm bench', ...argv].join(' ');
  const pytorch = options.sections.includes('peer') ? await detectPytorch() : undefined;
  const plan = planBench(options, pytorch);
  log(
    `${command}: ${plan.tasks.length} measurements, each in a fresh process; ` +
      `estimated ${formatDuration(plan.estimateSeconds)} on a quiet 2-core machine (longer while other processes compete).`,
  );

  const started = new Date();
  const results: BenchResults = {
    date: started.toISOString(),
    command,
    mode: options.quick ? 'quick' : 'full',
    machine: {
      cpu: os.cpus()[0]?.model.trim() ?? 'unknown CPU',
      cores: os.cpus().length,
      ramBytes: os.totalmem(),
      platform: os.platform(),
      arch: os.arch(),
    },
    loadAverage: { start: os.loadavg(), end: [] },
    node: process.version,
    tfjs: version_core,
    durationSeconds: 0,
    throughput: [],
    peer: [],
    pytorch: pytorch && (pytorch.installed ? `PyTorch ${pytorch.version}` : pytorch.reason),
    skipped: plan.skipped,
    failures: [],
  };

  for (const [index, { task, estimateSeconds }] of plan.tasks.entries()) {
    const name = describe(task);
    log(`[${index + 1}/${plan.tasks.length}] ${name} (about ${formatDuration(estimateSeconds)})`);
    const t0 = performance.now();
    try {
      // The full-dataset runs last as long as the machine makes them; only a hung throughput run is cut short.
      const timeoutSeconds = task.kind === 'throughput' || task.kind === 'peer' ? Math.max(120, estimateSeconds * 4) : 3600;
      const result =
        task.kind === 'peer' && task.engine === 'pytorch' && pytorch?.installed
          ? await runPytorch(task, pytorch.python, timeoutSeconds)
          : await runInChild<TaskResult>(task, timeoutSeconds);
      record(results, result);
      log(`      ${summary(result)} — took ${formatSeconds((performance.now() - t0) / 1000)}`);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      results.failures.push({ task: name, error: message.replace(`${name}: `, '') });
      log(`      FAILED: ${message}`);
    }
  }
  results.durationSeconds = (Date.now() - started.getTime()) / 1000;
  results.loadAverage.end = os.loadavg();

  const report = renderReport(results);
  writeFileSync(RESULTS_JSON, `${JSON.stringify(results, null, 2)}\n`);
  console.log(report);
  const complete =
    options.sections.length === SECTIONS.length && options.stages.length === 5 && options.backends.length === BACKENDS.length;
  if (complete) {
    writeResultsIntoReadme(README, report, results.mode);
    log(`Wrote ${RESULTS_JSON} and the table in ${README}.`);
  } else {
    log(`Wrote ${RESULTS_JSON}; README.md keeps its table because --only/--stages/--backends measured a subset.`);
  }
  return results.failures.length === 0 ? 0 : 1;
}

function record(results: BenchResults, result: TaskResult): void {
  switch (result.kind) {
    case 'mnist-load':
      results.mnistLoad = result;
      break;
    case 'throughput':
      results.throughput.push(result);
      break;
    case 'time-to-accuracy':
      results.timeToAccuracy = result;
      break;
    case 'peak-memory':
      results.peakMemory = result;
      break;
    case 'peer':
      results.peer!.push(result);
      break;
    case 'kernels':
      results.kernels = result;
      break;
  }
}

function summary(result: TaskResult): string {
  switch (result.kind) {
    case 'mnist-load':
      return `loadMnist ${formatNumber(result.loadMs)} ms, parse ${formatNumber(result.parseMedianMs)} ms`;
    case 'throughput':
      return (
        `training ${formatNumber(result.trainImagesPerSecond)} images/s` +
        (result.forwardImagesPerSecond ? `, forward ${formatNumber(result.forwardImagesPerSecond)} images/s` : '') +
        ` on ${result.backendLabel}`
      );
    case 'time-to-accuracy': {
      const last = result.epochs[result.epochs.length - 1];
      return `${(last.testAccuracy * 100).toFixed(2)}% after ${last.epoch} epochs, ${formatSeconds(result.seconds)}`;
    }
    case 'kernels':
      return `${result.rows.length} layers; plain ${result.ceiling.size}³ matmul ${formatNumber(result.ceiling.ms)} ms`;
    case 'peer':
      return `training ${formatNumber(result.trainImagesPerSecond)} images/s on ${result.label}`;
    case 'peak-memory':
      return `peak RSS ${formatNumber(result.peakRss / 1e6)} MB, tensors ${result.numTensorsBefore} → ${result.numTensorsAfter}`;
  }
}

/** Progress goes to stderr so stdout carries only the table. */
function log(line: string): void {
  process.stderr.write(`${line}\n`);
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  if (error instanceof BenchUsageError) {
    process.stderr.write(`${error.message}\n`);
    process.exitCode = 2;
  } else {
    throw error;
  }
}
