import { fork } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { Task, TaskResult } from './tasks.js';

/** A measurement that crashed, failed or ran out of time; the bench reports it and goes on. */
export class MeasurementError extends Error {
  override name = 'MeasurementError';
}

const CHILD = fileURLToPath(new URL('./child.ts', import.meta.url));

/**
 * Runs one task in a new Node process (with the same tsx loader as this one) and resolves with
 * its result. The child's own output (progress, tfjs notices) goes to stderr so stdout stays the table.
 */
export function runInChild<T extends TaskResult>(task: Task, timeoutSeconds: number): Promise<T> {
  const env = { ...process.env };
  delete env.NOPHD_BACKEND; // each task names its backend; an outer override must not change it
  return new Promise((resolve, reject) => {
    const child = fork(CHILD, [JSON.stringify(task)], {
      env,
      execArgv: [...process.execArgv, '--expose-gc'], // the tsx loader, plus gc() to measure retained memory
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    for (const stream of [child.stdout, child.stderr]) if (stream) createInterface({ input: stream }).on('line', passOn);
    type Reply = { ok: true; result: T } | { ok: false; error: string };
    let reply: Reply | undefined;
    const timer = setTimeout(() => {
      reply = { ok: false, error: `did not finish within ${timeoutSeconds} s and was stopped` };
      child.kill('SIGKILL');
    }, timeoutSeconds * 1000);
    child.on('message', (message) => {
      reply ??= message as Reply;
    });
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(new MeasurementError(`${describe(task)}: could not start: ${error.message}`));
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (reply?.ok) resolve(reply.result);
      else {
        const why = reply ? reply.error : `exited with ${signal ?? `code ${code}`} before reporting`;
        reject(new MeasurementError(`${describe(task)}: ${why}`));
      }
    });
  });
}

/**
 * tfjs-backend-cpu greets every Node process with a banner recommending tfjs-node, which needs a native
 * binary nophd does not use; it would repeat for each measurement, so it is dropped.
 */
const TFJS_NODE_BANNER = /^(=+|Hi, looks like you are running TensorFlow\.js in Node\.js\..*)$/;

function passOn(line: string): void {
  if (!TFJS_NODE_BANNER.test(line.trim())) process.stderr.write(`${line}\n`);
}

/** Short human name of a task for progress lines and error messages. */
export function describe(task: Task): string {
  switch (task.kind) {
    case 'mnist-load':
      return 'MNIST load + parse';
    case 'throughput':
      return `stage ${task.stage} on ${task.backend}: ${task.timedBatches} training + ${task.forwardBatches} forward batches of ${task.batchSize}`;
    case 'time-to-accuracy':
      return `stage ${task.stage} on ${task.backend}: train to ${(task.targetAccuracy * 100).toFixed(0)}% test accuracy`;
    case 'peak-memory':
      return `stage ${task.stage} on ${task.backend}: ${task.epochs} full-dataset epoch(s), peak memory`;
    case 'kernels':
      return `conv and dense kernels of stages ${task.stages.join(', ')} on wasm, ${task.repeats} calls each`;
    case 'peer':
      return `${task.net} in ${task.engine === 'nophd' ? 'nophd' : 'PyTorch'}, ${task.threads} thread${task.threads === 1 ? '' : 's'}: ${task.timedBatches} training batches of ${task.batchSize}`;
  }
}
