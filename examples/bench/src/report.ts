import { check, formatNumber, formatSeconds, MET, MISSED, table } from './markdown.js';
import { renderKernels } from './kernels/report.js';
import { renderPeer } from './peer/report.js';
import { renderPage } from './page-report.js';
import type { BenchResults } from './results.js';
import { TARGETS } from './targets.js';
import type { ThroughputResult } from './tasks.js';

export { formatNumber, formatSeconds };

/** The markdown section for README.md and stdout: header, throughput, time to 99%, memory and data. */
export function renderReport(results: BenchResults): string {
  return [
    renderHeader(results),
    renderThroughput(results),
    renderKernels(results),
    renderPeer(results),
    renderTimeToAccuracy(results),
    renderMemoryAndData(results),
    renderPage(results),
    renderFailures(results),
  ]
    .filter((part) => part.length > 0)
    .join('\n\n');
}

function renderHeader(r: BenchResults): string {
  const labels = [...new Set(r.throughput.map((t) => t.backendLabel))];
  const gib = (r.machine.ramBytes / 2 ** 30).toFixed(1);
  return [
    `Measured ${r.date.slice(0, 16).replace('T', ' ')} UTC with \`${r.command}\` (${r.mode} mode, ${formatSeconds(r.durationSeconds)}).`,
    '',
    `- Machine: ${r.machine.cpu} — ${r.machine.cores} cores, ${gib} GiB RAM, ${r.machine.platform} ${r.machine.arch}`,
    `- Node ${r.node}, TensorFlow.js ${r.tfjs}${labels.length > 0 ? `; backends: ${labels.join(', ')}` : ''}`,
    `- ${describeLoad(r)}`,
  ].join('\n');
}

/** Other processes slow every figure; the load average says how much competition there was. */
function describeLoad(r: BenchResults): string {
  const [start] = r.loadAverage.start;
  const [end = start, , average = start] = r.loadAverage.end;
  const busy = Math.max(start, average) > r.machine.cores;
  return (
    `Load average: ${start.toFixed(1)} at the start, ${end.toFixed(1)} at the end (${average.toFixed(1)} over the last 15 min) on ${r.machine.cores} cores` +
    (busy ? ' — other processes competed for the CPU, so these figures understate a quiet machine' : '')
  );
}

function renderThroughput(r: BenchResults): string {
  if (r.throughput.length === 0) return '';
  const stages = [...new Set(r.throughput.map((t) => t.stage))].sort((a, b) => a - b);
  const find = (stage: number, backend: string) => r.throughput.find((t) => t.stage === stage && t.backend === backend);
  const samples = (backend: string) => {
    const runs = r.throughput.filter((t) => t.backend === backend);
    const counts = [...new Set(runs.map((t) => t.trainBatchMs.length))].sort((a, b) => a - b);
    return counts.join(' or ');
  };
  const rows = stages.map((stage) => {
    const wasm = find(stage, 'wasm');
    const threaded = find(stage, 'wasm-threads');
    const cpu = find(stage, 'cpu');
    const ratio = wasm && cpu ? wasm.trainImagesPerSecond / cpu.trainImagesPerSecond : undefined;
    const trainOverForward =
      wasm?.forwardImagesPerSecond ? wasm.trainImagesPerSecond / wasm.forwardImagesPerSecond : undefined;
    return [
      String(stage),
      wasm ? rate(wasm) : '—',
      threaded ? rate(threaded) : '—',
      cpu ? rate(cpu) : '—',
      ratio === undefined ? '—' : `${formatNumber(ratio)}×`,
      wasm?.forwardImagesPerSecond ? formatNumber(wasm.forwardImagesPerSecond) : '—',
      trainOverForward === undefined ? '—' : `${trainOverForward.toFixed(2)} (1/${(1 / trainOverForward).toFixed(1)})`,
      throughputTarget(stage, wasm, ratio),
    ];
  });
  return [
    '### Training and inference throughput',
    '',
    `Images per second, batches of 128 real MNIST images, median of ${samples('wasm') || '—'} timed batches on wasm ` +
      `and ${samples('cpu') || '—'} on cpu after warm-up. Threaded wasm: ${threadedLabel(r)}.`,
    '',
    table(
      [
        'Stage',
        'wasm training',
        'wasm training, threaded',
        'cpu training',
        'wasm / cpu',
        'wasm forward',
        'training / forward (ideal ≈ 1/3)',
        'Target',
      ],
      rows,
    ),
  ].join('\n');
}

function threadedLabel(r: BenchResults): string {
  const labels = [...new Set(r.throughput.filter((t) => t.backend === 'wasm-threads').map((t) => t.backendLabel))];
  return labels.length > 0 ? labels.join(', ') : 'not measured';
}

function rate(t: ThroughputResult): string {
  const value = formatNumber(t.trainImagesPerSecond);
  return t.batchSize === 128 ? value : `${value} (batches of ${t.batchSize})`;
}

function throughputTarget(stage: number, wasm: ThroughputResult | undefined, ratio: number | undefined): string {
  const parts: string[] = [];
  if (stage === 4) {
    parts.push(check(`wasm ≥ ${formatNumber(TARGETS.stage4WasmTraining)}/s`, wasm?.trainImagesPerSecond, (v) => v >= TARGETS.stage4WasmTraining));
    parts.push(check(`wasm/cpu ≥ ${TARGETS.stage4WasmOverCpu}×`, ratio, (v) => v >= TARGETS.stage4WasmOverCpu));
  }
  if (stage === 5) {
    parts.push(check(`wasm ≥ ${TARGETS.stage5WasmTraining}/s`, wasm?.trainImagesPerSecond, (v) => v >= TARGETS.stage5WasmTraining));
  }
  return parts.length > 0 ? parts.join('; ') : '—';
}

function renderTimeToAccuracy(r: BenchResults): string {
  const t = r.timeToAccuracy;
  const heading = `### Time to ${(TARGETS.accuracy * 100).toFixed(0)}% test accuracy in Node`;
  if (!t) {
    const why = r.skipped.accuracy ?? failureOf(r, 'test accuracy') ?? 'not run (--only)';
    return [heading, '', why].join('\n');
  }
  const last = t.epochs[t.epochs.length - 1];
  // What pnpm train spends: its epochs (training + validation) and one test at the end; the bench's tests
  // after the earlier epochs are only there to see when the target is reached.
  const trainingSeconds = t.epochs.reduce((sum, e) => sum + e.trainSeconds, 0) + last.evaluateSeconds;
  const outcome = t.reached
    ? `${pct(last.testAccuracy)} after epoch ${last.epoch}: **${formatSeconds(trainingSeconds)}** of training and the final test ` +
      `${trainingSeconds <= TARGETS.secondsToAccuracy ? MET : MISSED} (target ≤ ${TARGETS.secondsToAccuracy} s; ${formatSeconds(t.seconds)} with the tests after earlier epochs)`
    : `${MISSED} not reached in ${t.epochs.length} epochs (best ${pct(Math.max(...t.epochs.map((e) => e.testAccuracy)))}, ${formatSeconds(t.seconds)})`;
  const recipe = `${t.recipe.optimizer}, learning rate ${t.recipe.learningRate}${t.recipe.schedule ? ` (${t.recipe.schedule})` : ''}, batch ${t.recipe.batchSize}`;
  const perEpoch = t.epochs
    .map(
      (e) =>
        `| ${e.epoch} | ${formatSeconds(e.trainSeconds)} | ${formatSeconds(e.evaluateSeconds)} | ${formatSeconds(e.elapsedSeconds)} | ${e.learningRate.toPrecision(3)} | ${e.numTensors} | ${pct(e.testAccuracy)} |`,
    )
    .join('\n');
  return [
    heading,
    '',
    `Stage ${t.stage} on ${t.backendLabel}, trained as \`pnpm train\` trains it (\`train()\` of @nophd/training: seeded per-epoch batches, ` +
      `validation after each epoch), its recipe (${recipe}), all ${formatNumber(t.trainImages)} training images, ` +
      `evaluated on all ${formatNumber(t.testImages)} test images after each epoch, stopping at ≥ ${pct(t.targetAccuracy)}: ${outcome}`,
    '',
    '| Epoch | Training + validation | Test evaluation | Elapsed | Learning rate | `numTensors` | Test accuracy |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    perEpoch,
  ].join('\n');
}

function renderMemoryAndData(r: BenchResults): string {
  const rows: string[][] = [];
  const memoryLimit = TARGETS.rawTrainFloat32Bytes * TARGETS.memoryOverRaw;
  const memoryTarget = (bytes: number | undefined) =>
    check(`≲ ${mb(memoryLimit)} (${TARGETS.memoryOverRaw}× raw)`, bytes, (v) => v <= memoryLimit);
  const m = r.mnistLoad;
  if (m) {
    const total = m.sizes.train + m.sizes.validation + m.sizes.test;
    rows.push([
      `\`loadMnist()\`, first call in a fresh process: read, SHA-256 check, parse, float32, split (${formatNumber(total)} images)`,
      `${formatNumber(m.loadMs)} ms`,
      '—',
    ]);
    rows.push([
      `Parse ${formatNumber(m.parseImages)} images and labels to float32 splits: \`loadMnist({ dir, verify: false })\` from the OS file cache (median of ${m.parseMs.length})`,
      `${formatNumber(m.parseMedianMs)} ms`,
      check(`< ${TARGETS.parse70kMs} ms`, m.parseMedianMs, (v) => v < TARGETS.parse70kMs),
    ]);
    rows.push([
      '`parseIdxImages` + `parseIdxLabels` alone (header checks; the pixels stay views of the bytes)',
      `${formatNumber(m.idxParseMedianMs)} ms`,
      '—',
    ]);
    rows.push([
      'MNIST held in memory after `loadMnist()` and a full GC: ArrayBuffers / RSS growth',
      `${mb(m.retainedArrayBuffers)} / ${mb(m.rssGrowth)}`,
      memoryTarget(m.retainedArrayBuffers),
    ]);
  } else {
    rows.push(['MNIST load and parse', failureOf(r, 'MNIST') ?? 'not run (--only)', '—']);
  }
  const p = r.peakMemory;
  if (p) {
    const growth = p.peakRss - p.rssAtStart;
    rows.push([
      `Peak RSS of a training run: stage ${p.stage} on ${p.backend}, one epoch over all ${formatNumber(p.trainImages)} training images ` +
        `in batches of ${p.batchSize} as \`pnpm train\` trains it (${formatSeconds(p.epochSeconds)})`,
      `${mb(p.peakRss)} (process after imports: ${mb(p.rssAtStart)}; after \`loadMnist()\`: ${mb(p.rssAfterLoad)})`,
      '—',
    ]);
    rows.push([
      '… of which data and training: peak RSS minus the process after imports',
      mb(growth),
      memoryTarget(growth),
    ]);
    rows.push([
      '`tf.memory().numTensors` before → after that epoch',
      `${p.numTensorsBefore} → ${p.numTensorsAfter}`,
      check('unchanged', p.numTensorsAfter - p.numTensorsBefore, (v) => v === 0),
    ]);
  } else {
    const why = r.skipped.memory ?? failureOf(r, 'peak memory') ?? 'not run (--only)';
    rows.push(['Peak RSS of a full-dataset stage-5 training epoch', why, '—']);
    rows.push(['`tf.memory().numTensors` before → after that epoch', why, '—']);
  }
  if (r.throughput.length > 0) {
    const leaking = r.throughput.filter((t) => t.numTensorsAfter !== t.numTensorsBefore);
    rows.push([
      '`tf.memory().numTensors` before → after the timed batches of each throughput run',
      leaking.length === 0
        ? `unchanged in all ${r.throughput.length} runs`
        : leaking.map((t) => `stage ${t.stage} ${t.backend}: ${t.numTensorsBefore} → ${t.numTensorsAfter}`).join('; '),
      leaking.length === 0 ? `unchanged ${MET}` : `unchanged ${MISSED}`,
    ]);
  }
  return [
    '### Memory and data loading',
    '',
    `MB = 10⁶ bytes; raw = the 60,000 training images as float32 (${mb(TARGETS.rawTrainFloat32Bytes)}).`,
    '',
    table(['Figure', 'Measured', 'Target'], rows),
  ].join('\n');
}

function renderFailures(r: BenchResults): string {
  if (r.failures.length === 0) return '';
  return ['### Failed measurements', '', ...r.failures.map((f) => `- ${f.task}: ${f.error}`)].join('\n');
}

function failureOf(r: BenchResults, fragment: string): string | undefined {
  const failure = r.failures.find((f) => f.task.includes(fragment));
  return failure ? `failed: ${failure.error}` : undefined;
}

function mb(bytes: number): string {
  return `${formatNumber(bytes / 1e6)} MB`;
}

function pct(fraction: number): string {
  return `${(fraction * 100).toFixed(2)}%`;
}
