import type { BackendSelection } from '@nophd/backend';

/**
 * The lines that tell a learner which backend runs the training and why, including
 * the candidates that were tried and passed over.
 *
 * @example
 * describeBackend(await selectBackend()).forEach((line) => console.log(line));
 */
export function describeBackend(selection: BackendSelection): string[] {
  const lines = [`Backend: ${selection.label} — ${selection.reason}`];
  for (const candidate of selection.candidates) {
    if (candidate.outcome === 'chosen') continue;
    lines.push(`  ${candidate.name}: ${candidate.outcome} (${candidate.reason})`);
  }
  return lines;
}
