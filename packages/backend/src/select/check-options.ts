import { BackendOptionError } from './errors.js';
import type { SelectBackendOptions } from './selection.js';

// selectBackend's options are checked before anything starts, so a wrong type is named here instead of
// surfacing as a TypeError from inside detection or as an '[object Object]' backend name.

const fix = (example: string) => `pass e.g. ${example}, or leave it out.`;

/** Throws {@link BackendOptionError} unless `options` is a plain object of well-typed selectBackend options. */
export function checkSelectOptions(options: unknown): asserts options is SelectBackendOptions {
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new BackendOptionError('selectBackend', 'options', options, 'an object (or nothing)', fix("selectBackend({ backend: 'wasm' })"));
  }
  const o = options as Record<string, unknown>;
  if (o.backend !== undefined && typeof o.backend !== 'string') {
    throw new BackendOptionError('selectBackend', 'backend', o.backend, "one of 'auto', 'webgl', 'wasm', 'cpu'", fix("{ backend: 'auto' }"));
  }
  const { threads } = o;
  if (threads !== undefined && typeof threads !== 'boolean' && !(typeof threads === 'number' && Number.isInteger(threads) && threads >= 1)) {
    throw new BackendOptionError('selectBackend', 'threads', threads, 'true, false or a whole number of threads ≥ 1', fix('{ threads: false }'));
  }
  const paths = o.wasmPaths;
  if (paths !== undefined && typeof paths !== 'string' && (paths === null || typeof paths !== 'object' || Array.isArray(paths))) {
    throw new BackendOptionError('selectBackend', 'wasmPaths', paths, 'a folder URL or a map of file name → URL', fix("{ wasmPaths: '/wasm/' }"));
  }
  if (o.probe !== undefined && typeof o.probe !== 'function') {
    throw new BackendOptionError('selectBackend', 'probe', o.probe, 'a function returning capabilities', 'leave it out to detect them.');
  }
}

/** Throws {@link BackendOptionError} unless `value` is a function (a listener, a callback). */
export function checkFunction(where: string, option: string, value: unknown, example: string): void {
  if (typeof value !== 'function') {
    throw new BackendOptionError(where, option, value, 'a function', `pass e.g. ${example}.`);
  }
}
