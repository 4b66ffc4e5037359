import type { BackendSelection } from '@nophd/backend';
import type { PageSession } from '@nophd/training/worker';
import { percent } from './stage-picker';

const $ = (id: string) => document.getElementById(id)!;

/** The chosen backend, why, and every candidate that was considered. */
export function showBackend(selection: BackendSelection): void {
  $('backend-label').textContent = selection.label;
  $('backend-reason').textContent = selection.reason;
  const list = $('backend-candidates');
  list.replaceChildren(
    ...selection.candidates.map((candidate) => {
      const item = document.createElement('li');
      item.dataset.outcome = candidate.outcome;
      item.textContent = `${candidate.name}: ${candidate.outcome} — ${candidate.reason}`;
      return item;
    }),
  );
}

/** Epoch, batch, learning rate, speed and the latest test accuracy. */
export function showStatus(session: PageSession | null, testSize: number): void {
  if (!session) return;
  const perEpoch = Math.ceil(session.totalBatches / session.recipe.epochs);
  $('epoch').textContent = `${Math.min(session.epoch + 1, session.recipe.epochs)} / ${session.recipe.epochs}`;
  $('batches').textContent = `${session.batches.toLocaleString('en-US')} / ${session.totalBatches.toLocaleString('en-US')}`;
  $('batches').title = `${perEpoch} batches of ${session.recipe.batchSize} per epoch`;
  $('learning-rate').textContent = formatRate(session.learningRate);
  $('speed').textContent = session.status === 'running' && session.imagesPerSecond > 0 ? Math.round(session.imagesPerSecond).toLocaleString('en-US') : '–';
  const test = session.test.at(-1);
  $('test-accuracy').textContent = test ? percent(test.accuracy, 2) : '–';
  $('test-accuracy').title = `on ${testSize.toLocaleString('en-US')} test digits`;
  // Stage 5's test uses batch norm's moving statistics, which need some batches to settle (PageSession.warmUpBatches).
  const warming = $('test-warming');
  warming.hidden = !session.testWarmingUp;
  warming.title = `The test uses batch norm's running averages, which settle after about ${session.warmUpBatches} batches; until then this figure reads low.`;
}

/** Progress of the four MNIST downloads together; `null` hides the bar once everything has arrived. */
export function showDownload(files: { loaded: number; total: number | undefined }[] | null, latest: string): void {
  const section = $('download');
  if (!files) {
    section.hidden = true;
    return;
  }
  section.hidden = false;
  const loaded = files.reduce((sum, f) => sum + f.loaded, 0);
  const known = files.length === 4 && files.every((f) => f.total !== undefined);
  const total = known ? files.reduce((sum, f) => sum + (f.total ?? 0), 0) : 0;
  $('download-label').textContent = `Downloading MNIST (${latest})…`;
  $('download-bytes').textContent = known ? `${mb(loaded)} of ${mb(total)} MB` : `${mb(loaded)} MB`;
  ($('download-bar') as HTMLElement).style.width = known ? `${((loaded / total) * 100).toFixed(1)}%` : '0%';
}

/** A message above the panels: a warning (backend switched) or an error. */
export function showNotice(message: string, kind: 'warning' | 'error'): void {
  const notice = $('notice');
  notice.hidden = false;
  notice.className = `notice ${kind}`;
  notice.textContent = message;
}

function mb(bytes: number): string {
  return (bytes / 1e6).toFixed(1);
}

function formatRate(rate: number): string {
  return rate >= 0.001 ? String(+rate.toPrecision(3)) : rate.toExponential(2);
}
