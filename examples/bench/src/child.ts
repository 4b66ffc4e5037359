/**
 * Entry point of one measurement process: reads the task from argv, measures, and sends the
 * result to the parent over IPC. A fresh process per measurement keeps backends, kernel caches
 * and heap growth of one measurement out of the next.
 */
import type { Task, TaskResult } from './tasks.js';

async function run(task: Task): Promise<TaskResult> {
  switch (task.kind) {
    case 'mnist-load':
      return (await import('./measure/mnist-load.js')).measureMnistLoad(task);
    case 'throughput':
      return (await import('./measure/throughput.js')).measureThroughput(task);
    case 'time-to-accuracy':
      return (await import('./measure/time-to-accuracy.js')).measureTimeToAccuracy(task);
    case 'peak-memory':
      return (await import('./measure/peak-memory.js')).measurePeakMemory(task);
    case 'kernels':
      return (await import('./measure/kernels.js')).measureKernels(task);
    case 'peer':
      return (await import('./measure/peer-nophd.js')).measurePeerNophd(task);
  }
}

const send = (message: unknown) =>
  new Promise<void>((resolve) => (process.send ? process.send(message, () => resolve()) : resolve()));

try {
  const result = await run(JSON.parse(process.argv[2]) as Task);
  await send({ ok: true, result });
  process.exit(0);
} catch (error) {
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  await send({ ok: false, error: message });
  process.exit(1);
}
