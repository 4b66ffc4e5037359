/** A backend the caller can ask for; `'auto'` lets {@link selectBackend} decide. */
export type BackendName = 'auto' | 'webgl' | 'wasm' | 'cpu';

/** A backend that can actually run: what `selectBackend` ends up with. */
export type ActiveBackendName = Exclude<BackendName, 'auto'>;

/** Every name `selectBackend`, `NOPHD_BACKEND` and `?backend=` accept, in documentation order. */
export const BACKEND_NAMES: readonly BackendName[] = ['auto', 'webgl', 'wasm', 'cpu'];

/**
 * Thrown when a backend name is not one of {@link BACKEND_NAMES}.
 *
 * @example
 * try { await selectBackend({ backend: 'gpu' as BackendName }); }
 * catch (e) { if (e instanceof UnknownBackendError) console.log(e.validNames); }
 */
export class UnknownBackendError extends Error {
  override name = 'UnknownBackendError';
  readonly validNames = BACKEND_NAMES;

  constructor(
    /** The name that was given. */
    readonly given: string,
    /** Where it came from, e.g. `option backend`, `NOPHD_BACKEND`, `?backend=`. */
    readonly source: string,
  ) {
    super(
      `Unknown backend ${JSON.stringify(given)} (from ${source}). ` +
        `Valid names are: ${BACKEND_NAMES.join(', ')}. ` +
        `Use 'auto' to let nophd pick the fastest backend that works here.`,
    );
  }
}

/**
 * Checks a backend name, ignoring case and surrounding spaces.
 *
 * @example
 * parseBackendName(' WASM ', 'NOPHD_BACKEND'); // 'wasm'
 */
export function parseBackendName(value: string, source: string): BackendName {
  const normalised = value.trim().toLowerCase();
  if ((BACKEND_NAMES as readonly string[]).includes(normalised)) return normalised as BackendName;
  throw new UnknownBackendError(value, source);
}
