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

/**
 * An argument given to a function of this package is not of the kind it takes (`selectBackend(null)`, a
 * `threads` of 'many', a listener that is not a function). The message names the function, the option, the
 * value and what to pass instead.
 *
 * @example
 * try { await selectBackend({ threads: 'many' as never }); }
 * catch (e) { if (e instanceof BackendOptionError) console.error(e.message); }
 */
export class BackendOptionError extends Error {
  override name = 'BackendOptionError';

  constructor(
    /** The function that was called, e.g. `selectBackend`. */
    readonly where: string,
    /** The option or argument, e.g. `threads`. */
    readonly option: string,
    readonly value: unknown,
    expected: string,
    fix: string,
  ) {
    super(`${where}: ${option} must be ${expected}, got ${describeValue(value)}; ${fix}`);
  }
}

function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'function') return 'a function';
  if (value !== null && typeof value === 'object') return `an object (${value.constructor?.name ?? 'Object'})`;
  return String(value);
}
