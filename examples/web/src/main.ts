import './style.css';
import { backendFromUrl, type BackendSelection } from '@nophd/backend';
import { STAGES, type StageNumber } from '@nophd/models';
import { PageSession, startTraining, type TrainerCommand, type TrainerEvent, type TrainingClient } from '@nophd/training/worker';
import { keyAction, panelCanvas, showPanels, visiblePanels, type PanelId } from './layout/panels';
import { testDigitAt } from './render/digits';
import { drawPanels } from './render/panels';
import { installHooks, type FallbackEvent } from './hooks';
import { createStagePicker } from './ui/stage-picker';
import { pagePort } from './training/page-port';
import type { ModelPort } from './views/model-port';
import { createModelViews } from './views/model-views';
import { showBackend, showDownload, showNotice, showStatus } from './ui/status';

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const grid = $<HTMLElement>('panels');
const startButton = $<HTMLButtonElement>('start');
const resetButton = $<HTMLButtonElement>('reset');

const params = new URLSearchParams(location.search);
const initialStage = parseStage(params.get('stage'));
/** `?testSize=1000` evaluates fewer test digits, for slow machines (the codelab uses all 10,000). */
const testSize = Math.max(100, Math.min(10_000, Number(params.get('testSize')) || 10_000));

// The page draws and handles input; the model trains in a Web Worker (training/trainer.worker.ts).
let trainer: TrainingClient | null = null;
let testSet: { images: Float32Array; labels: Uint8Array } | null = null;
let backend: BackendSelection | null = null;
let tfBackend: string | undefined;
let session: PageSession | null = null;
let stage: StageNumber = initialStage;
let phase: 'loading' | 'ready' | 'error' = 'loading';
let lastError: string | null = null;
let mnistBytes = 0;
const fallbacks: FallbackEvent[] = [];

function send(command: TrainerCommand): void {
  trainer?.send(command);
}

const picker = createStagePicker($('stages'), $('stage-detail'), STAGES, stage, (picked) => {
  stage = picked;
  newSession();
});
picker.setEnabled(false);
// The model views (weights, confusion, summary, draw a digit) below the panels; stage 1 can train on fewer images.
const views = createModelViews($('views'), $('training-images'), () => newSession());
views.setStage(stage);
// A click on a test digit (panel 6) shows it in the prediction-vs-label view.
panelCanvas(grid, 6).addEventListener('click', (event) => {
  const index = testDigitAt(event.offsetX, event.offsetY);
  if (index !== null) views.choose(index);
});
let port: ModelPort | null = null;

// Panels redraw at most once per frame, only those shown and only those whose data changed. A test result
// changes three panels and the views at once; once a frame has spent its budget, the rest waits for the next
// frame, so no single task holds the page for long (each panel is a few ms, the test mosaic the most).
const ALL_PANELS: readonly PanelId[] = [1, 2, 3, 4, 5, 6];
const FRAME_BUDGET_MS = 12;
const stale = new Set<PanelId>();
let renderQueued = false;
function requestRender(panels: readonly PanelId[] = ALL_PANELS): void {
  for (const panel of panels) stale.add(panel);
  if (renderQueued) return;
  renderQueued = true;
  requestAnimationFrame(renderFrame);
}

function renderFrame(): void {
  const started = performance.now();
  const overBudget = () => performance.now() - started > FRAME_BUDGET_MS;
  showStatus(session, testSize);
  updateButtons();
  let drawn = 0; // at least one panel a frame, so a slow frame never starves the rest
  for (const panel of visiblePanels(grid)) {
    if (!stale.has(panel)) continue;
    if (drawn > 0 && overBudget()) return void requestAnimationFrame(renderFrame);
    stale.delete(panel);
    drawPanels(grid, [panel], session);
    drawn++;
  }
  if (drawn > 0 && overBudget()) return void requestAnimationFrame(renderFrame);
  renderQueued = false;
  views.render({ stage, batches: session?.batches ?? 0, port, test: session?.testDigits ?? null });
}
new ResizeObserver(() => requestRender()).observe(grid);

/** The panels an event changes: the status alone redraws none, only the status bar. */
const PANELS_OF: Partial<Record<TrainerEvent['type'], readonly PanelId[]>> = {
  status: [],
  metrics: [1, 2, 4, 5],
  digits: [3],
  test: [1, 2, 6],
  download: [],
  backend: [],
};

/** A fresh model of the current stage; the page shows empty panels until the trainer announces it. */
function newSession(command: TrainerCommand = { type: 'stage', stage, trainImages: trainImages() }): void {
  if (phase !== 'ready') return;
  session = null;
  port = null;
  views.setStage(stage);
  send(command);
  requestRender();
}

function reset(): void {
  newSession({ type: 'reset', trainImages: trainImages() });
}

/** Stage 1's "training images" control (the generalisation lesson); the other stages train on all of them. */
function trainImages(): number | undefined {
  return stage === 1 ? views.trainingImages() : undefined;
}

function toggleTraining(): void {
  if (!session) return;
  // The button and the status bar change at once; the trainer confirms with its next status.
  if (session.status === 'running') {
    session.status = 'paused';
    send({ type: 'pause' });
  } else if (session.status === 'done') {
    newSession();
    send({ type: 'start' });
  } else {
    send({ type: session.status === 'paused' ? 'resume' : 'start' });
    session.status = 'running';
    session.idle = false;
  }
  requestRender([]);
}

function updateButtons(): void {
  const status = session?.status;
  startButton.disabled = !session;
  resetButton.disabled = !session || status === 'ready';
  startButton.textContent = status === 'running' ? 'Pause' : status === 'paused' ? 'Resume' : status === 'done' ? 'Train again' : 'Start';
}

startButton.addEventListener('click', toggleTraining);
resetButton.addEventListener('click', reset);

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

function fail(what: string, message: string): void {
  lastError = `${what}: ${message}`;
  console.error(lastError);
  showNotice(lastError, 'error');
  requestRender();
}

/** The trainer's events: each updates what the page knows, and the panels redraw on the next frame. */
function onEvent(event: TrainerEvent): void {
  switch (event.type) {
    case 'backend':
      backend = event.selection;
      tfBackend = event.tfBackend;
      showBackend(event.selection);
      break;
    case 'fallback':
      fallbacks.push({ from: event.from, to: event.to.name, why: event.why });
      backend = event.to;
      tfBackend = event.tfBackend;
      showBackend(event.to);
      break;
    case 'download':
      if (event.done) showDownload(null, '');
      else {
        mnistBytes = event.files.reduce((sum, file) => sum + file.loaded, 0);
        showDownload(event.files, event.latest);
      }
      break;
    case 'data':
      mnistBytes = event.mnistBytes;
      testSet = { images: event.testImages, labels: event.testLabels };
      phase = 'ready';
      picker.setEnabled(true);
      newSession();
      if (params.has('autostart')) send({ type: 'start' });
      break;
    case 'session':
      session = new PageSession(event, () => testSet);
      port = pagePort(session, trainer!);
      break;
    case 'prediction':
    case 'first-layer':
    case 'reply':
      return; // answers, which the client hands to whoever asked
    case 'notice':
      showNotice(event.message, event.kind);
      break;
    case 'error':
      if (event.what === 'Could not start') phase = 'error';
      fail(event.what, event.message);
      break;
    default:
      session?.apply(event);
  }
  requestRender(PANELS_OF[event.type]);
}

installHooks({
  state: () => ({
    phase,
    error: lastError,
    stage,
    status: session?.status ?? null,
    idle: session?.idle ?? true,
    trainer: trainer?.where ?? null,
    backend,
    tfBackend,
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
    numTensors: session?.numTensors ?? -1,
    tensorsAfterFirstBatch: session?.tensorsAfterFirstBatch ?? null,
    tensorsAfterLastBatch: session?.tensorsAfterLastBatch ?? null,
    pauseArrivedAt: session?.pauseArrivedAt ?? null,
    visiblePanels: visiblePanels(grid),
  }),
  start: () => send({ type: 'start' }),
  pause: () => send({ type: 'pause' }),
  reset,
  setStage: (picked) => {
    stage = picked;
    picker.set(picked);
    newSession();
  },
  showPanels: (panels: PanelId[]) => {
    showPanels(grid, panels);
    requestRender();
  },
  loseWebGLContext: () => trainer!.loseWebGLContext(),
  predict: (image: Float32Array) => trainer!.predict(image),
});

async function boot(): Promise<void> {
  showPanels(grid, [1, 2, 3, 4, 5, 6]);
  requestRender();
  const backendChoice = backendFromUrl(location.search);
  trainer = await startTraining({
    worker: () => new Worker(new URL('./training/trainer.worker.ts', import.meta.url), { type: 'module', name: 'nophd-trainer' }),
    inPage: params.get('worker') === '0' ? 'the page asked for it (?worker=0)' : undefined,
  });
  trainer.onEvent(onEvent);
  if (trainer.where === 'page') {
    showNotice(`Training runs on the page's own thread, because ${trainer.why}: the page may respond slowly while it trains.`, 'warning');
  }
  send({
    type: 'init',
    backend: backendChoice,
    // Absolute URLs: the worker's own location is its script's, not the page's. The nophdWasm() Vite plugin
    // serves tfjs-backend-wasm's files in nophd-wasm/, and vite/mnist-files.ts the gzipped MNIST files in mnist/.
    wasmPaths: new URL(`${import.meta.env.BASE_URL}nophd-wasm/`, location.href).href,
    mnist: {
      baseUrl: new URL(`${import.meta.env.BASE_URL}mnist/`, location.href).href,
      gzip: true,
      verify: globalThis.isSecureContext, // crypto.subtle, which checks the SHA-256, exists only there
      cache: true,
    },
    testSize,
  });
}

boot().catch((error) => {
  phase = 'error';
  fail('Could not start', error instanceof Error ? error.message : String(error));
});

function parseStage(value: string | null): StageNumber {
  const n = Number(value);
  return (Number.isInteger(n) && n >= 1 && n <= STAGES.length ? n : 1) as StageNumber;
}
