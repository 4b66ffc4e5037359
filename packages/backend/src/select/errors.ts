import type { CandidateReport } from './selection.js';

/**
 * Thrown when the requested backend (or, for `'auto'`, every backend) could not be started.
 * `candidates` says what was tried and why each one failed or was skipped.
 *
 * @example
 * try { await selectBackend({ backend: 'webgl' }); }
 * catch (e) { if (e instanceof BackendUnavailableError) console.table(e.candidates); }
 */
export class BackendUnavailableError extends Error {
  override name = 'BackendUnavailableError';

  constructor(
    /** The backend that was asked for. */
    readonly requested: string,
    /** Where the request came from, e.g. `option backend` or `NOPHD_BACKEND`. */
    readonly source: string,
    readonly candidates: CandidateReport[],
  ) {
    const details = candidates.map((c) => `${c.name} ${c.outcome}: ${c.reason}`).join('; ');
    const wayOut =
      requested === 'auto'
        ? 'Check that @tensorflow/tfjs-backend-cpu is installed.'
        : `Use backend: 'auto' (or unset ${source === 'NOPHD_BACKEND' ? 'NOPHD_BACKEND' : 'the override'}) to fall back to a backend that works here.`;
    super(`Backend '${requested}' (from ${source}) could not be started: ${details}. ${wayOut}`);
  }
}
