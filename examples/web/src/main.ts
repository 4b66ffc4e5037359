import './style.css';
import * as tf from '@tensorflow/tfjs-core';
import { backendFromUrl, onBackendFallback, selectBackend, type BackendSelection } from '@nophd/backend';
import { loadMnist, type MnistData } from '@nophd/mnist-data';
import { STAGES, type StageNumber } from '@nophd/models';
import { keyAction, showPanels, visiblePanels, type PanelId } from './layout/panels';
import { drawPanels } from './render/panels';
import { TrainingSession } from './training/session';
import { installHooks, type FallbackEvent } from './hooks';
import { createStagePicker } from './ui/stage-picker';
import { showBackend, showDownload, showNotice, showStatus } from './ui/status';
import { createModelViews } from './views/model-views';

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const grid = $<HTMLElement>('panels');
const startButton = $<HTMLButtonElement>('start');
const resetButton = $<HTMLButtonElement>('reset');

const params = new URLSearchParams(location.search);
const initialStage = parseStage(params.get('stage'));
/** `?testSize=1000` evaluates fewer test digits, for slow machines (the codelab uses all 10,000). */
const testSize = Math.max(100, Math.min(10_000, Number(params.get('testSize')) || 10_000));

let data: MnistData | null = null;
let backend: BackendSelection | null = null;
let session: TrainingSession | null = null;
let stage: StageNumber = initialStage;
let phase: 'loading' | 'ready' | 'error' = 'loading';
let lastError: string | null = null;
let mnistBytes = 0;
const fallbacks: FallbackEvent[] = [];

const picker = createStagePicker($('stages'), $('stage-detail'), STAGES, stage, (picked) => {
  stage = picked;
  newSession();
});
picker.setEnabled(false);
const views = createModelViews($('views'), $('training-images'), () => newSession());
views.setStage(stage);

// Panels redraw at most once per frame, and only those shown.
let renderQueued = false;
function requestRender(): void {
  if (renderQueued) return;
  renderQueued = true;
  requestAnimationFrame(() => {
    renderQueued = false;
    drawPanels(grid, visiblePanels(grid), session);
    views.render({ stage, batches: session?.batches ?? 0, port: session?.port ?? null, test: session?.testDigits ?? null });
    showStatus(session, testSize);
    updateButtons();
  });
}
new ResizeObserver(requestRender).observe(grid);

function newSession(): void {
  session?.dispose();
  session = null;
  if (!data) return;
  views.setStage(stage);
  session = new TrainingSession({
    stage,
    data,
    testSize,
    trainSize: stage === 1 ? views.trainingImages() : undefined,
    onChange: requestRender,
    onError: (error) => fail('Training stopped', error),
  });
  requestRender();
}

function toggleTraining(): void {
  if (!session) return;
  if (session.status === 'running') session.pause();
  else if (session.status === 'done') {
    newSession();
    session?.start();
  } else session.start();
}

function updateButtons(): void {
  const status = session?.status;
  startButton.disabled = !session;
  resetButton.disabled = !session || status === 'ready';
  startButton.textContent = status === 'running' ? 'Pause' : status === 'paused' ? 'Resume' : status === 'done' ? 'Train again' : 'Start';
}

startButton.addEventListener('click', toggleTraining);
resetButton.addEventListener('click', newSession);

document.addEventListener('keydown', (event) => {
  if (event.ctrlKey || event.metaKey || event.altKey) return;
  if (event.target instanceof HTMLElement && event.target.closest('input, textarea, select, button')) {
    if (event.key !== 'Escape' && !/^[0-9]$/.test(event.key)) return;
  }
  const action = keyAction(event.key);
  if (!action) return;
  event.preventDefault();
  if (action.kind === 'toggle-pause') toggleTraining();
  else {
    showPanels(grid, action.panels);
    requestRender();
  }
});

/** The canvas tfjs's WebGL backend draws on, when WebGL is the backend in use. */
function webglCanvas(): HTMLCanvasElement | OffscreenCanvas | undefined {
  if (tf.getBackend() !== 'webgl') return undefined;
  return (tf.backend() as unknown as { gpgpu?: { gl?: WebGL2RenderingContext } }).gpgpu?.gl?.canvas;
}

// Between the context loss and the fallback backend being ready, batches in flight fail: that is expected.
let webglLost = false;
let resumeAfterFallback = false;
function watchWebGL(): void {
  webglCanvas()?.addEventListener('webglcontextlost', () => {
    webglLost = true;
    // The model's tensors are gone with the context: stop at once, and touch no tensor until the fallback is ready.
    resumeAfterFallback = session?.status === 'running';
    session?.dispose();
    session = null;
    showNotice('The WebGL context was lost. Switching to another backend…', 'warning');
  });
}

function fail(what: string, error: unknown): void {
  if (webglLost) return; // the fallback listener restarts training
  lastError = `${what}: ${error instanceof Error ? error.message : String(error)}`;
  console.error(lastError);
  showNotice(lastError, 'error');
  requestRender();
}

// A lost WebGL context moves training to the next backend; the model lived in WebGL memory, so start afresh.
onBackendFallback((from, to, why) => {
  const wasRunning = resumeAfterFallback || session?.status === 'running';
  resumeAfterFallback = false;
  fallbacks.push({ from, to: to.name, why });
  backend = to;
  webglLost = false;
  showBackend(to);
  const lost = from === 'webgl' ? 'WebGL' : from;
  showNotice(
    `${lost} stopped working: ${why.split(';')[0]}. Training moved to ${to.label}; ` +
      `stage ${stage} restarted from scratch, because its model lived in ${lost} memory.`,
    'warning',
  );
  newSession();
  if (wasRunning) session?.start();
});

installHooks({
  state: () => ({
    phase,
    error: lastError,
    stage,
    status: session?.status ?? null,
    idle: session?.idle ?? true,
    backend,
    tfBackend: tf.getBackend(),
    fallbacks: [...fallbacks],
    crossOriginIsolated: globalThis.crossOriginIsolated === true,
    mnistBytes,
    batches: session?.batches ?? 0,
    epoch: session?.epoch ?? 0,
    learningRate: session?.learningRate ?? null,
    imagesPerSecond: session?.imagesPerSecond ?? 0,
    train: session?.train.at(-1) ?? null,
    test: session?.test.at(-1) ?? null,
    testPoints: session?.test.length ?? 0,
    numTensors: tensorCount(),
    tensorsAfterFirstBatch: session?.tensorsAfterFirstBatch ?? null,
    tensorsAfterLastBatch: session?.tensorsAfterLastBatch ?? null,
    visiblePanels: visiblePanels(grid),
  }),
  start: () => session?.start(),
  pause: () => session?.pause(),
  reset: () => newSession(),
  setStage: (picked) => {
    stage = picked;
    picker.set(picked);
    newSession();
  },
  showPanels: (panels: PanelId[]) => {
    showPanels(grid, panels);
    requestRender();
  },
  loseWebGLContext: () => {
    const canvas = webglCanvas();
    const gl = canvas?.getContext('webgl2') as WebGL2RenderingContext | null | undefined;
    const extension = gl?.getExtension('WEBGL_lose_context');
    extension?.loseContext();
    return Boolean(extension);
  },
});

async function boot(): Promise<void> {
  showPanels(grid, [1, 2, 3, 4, 5, 6]);
  requestRender();
  const backendReady = selectBackend({ backend: backendFromUrl(location.search) }).then((selection) => {
    backend = selection;
    showBackend(selection);
    watchWebGL();
  });
  const downloads = new Map<string, { loaded: number; total: number | undefined }>();
  const dataReady = loadMnist({
    // The Vite plugin in vite/mnist-files.ts serves the gzipped IDX files here (about 11 MB).
    baseUrl: new URL(`${import.meta.env.BASE_URL}mnist/`, location.href).href,
    gzip: true,
    verify: window.isSecureContext, // crypto.subtle, which checks the SHA-256, exists only there
    cache: true,
    onProgress: (progress) => {
      downloads.set(progress.file, progress);
      mnistBytes = [...downloads.values()].reduce((sum, file) => sum + file.loaded, 0);
      showDownload([...downloads.values()], progress.file);
    },
  }).then((loaded) => {
    data = loaded;
    showDownload(null, '');
  });
  await Promise.all([backendReady, dataReady]);
  phase = 'ready';
  picker.setEnabled(true);
  newSession();
  if (params.has('autostart')) session?.start();
}

boot().catch((error) => {
  phase = 'error';
  fail('Could not start', error);
});

/**
 * tf.memory().numTensors, or -1 while no backend is settled: asking tfjs then would make it start every
 * registered backend itself (wasm without its .wasm location), or throw while one is starting.
 */
function tensorCount(): number {
  if (!backend || webglLost) return -1;
  try {
    return tf.memory().numTensors;
  } catch {
    return -1;
  }
}

function parseStage(value: string | null): StageNumber {
  const n = Number(value);
  return (Number.isInteger(n) && n >= 1 && n <= STAGES.length ? n : 1) as StageNumber;
}

