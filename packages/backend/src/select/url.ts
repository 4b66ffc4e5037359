import { BackendOptionError } from './errors.js';
import { parseBackendName, type BackendName } from './names.js';

/**
 * Reads a `?backend=` override from a page's query string, for example pages that let a learner
 * compare backends. Returns `undefined` when the parameter is absent or empty.
 *
 * @throws {UnknownBackendError} when the value is not auto, webgl, wasm or cpu.
 * @example
 * const selection = await selectBackend({ backend: backendFromUrl(location.search) });
 */
export function backendFromUrl(search: string): BackendName | undefined {
  if (typeof search !== 'string') {
    throw new BackendOptionError('backendFromUrl', 'search', search, 'the query string of the page URL', 'pass location.search.');
  }
  const value = new URLSearchParams(search).get('backend');
  if (value === null || value.trim() === '') return undefined;
  return parseBackendName(value, '?backend= in the page URL');
}
