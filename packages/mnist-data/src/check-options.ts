import { MnistOptionError } from './errors.js';
import type { LoadMnistOptions } from './options.js';

// Checked before any file is read, so a mistyped option fails at once (not after 55 MB are parsed) and a
// wrong type (seed: {}, trainSize: '100') is never coerced into a different but silent meaning.

const SUBSET_KEYS = ['validationSize', 'trainSize', 'testSize', 'seed'] as const;
const FETCH_KEYS = ['baseUrl', 'gzip', 'onProgress', 'cache', 'cacheName', 'fetch'] as const;
const KNOWN_KEYS: readonly string[] = [...SUBSET_KEYS, ...FETCH_KEYS, 'dir', 'verify'];

/** A short rendering of a value for a message: strings quoted, objects named by kind. */
function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'function') return 'a function';
  if (value !== null && typeof value === 'object') return `an object (${value.constructor?.name ?? 'Object'})`;
  return String(value);
}

function wrongType(option: string, value: unknown, expected: string, fix: string): MnistOptionError {
  return new MnistOptionError(option, `must be ${expected}, got ${describe(value)}`, fix);
}

/**
 * Throws {@link MnistOptionError} unless `options` is a plain object of known `loadMnist` options of the right
 * types. Ranges that depend on the files (trainSize ≤ 55,000 …) are checked once the files are parsed.
 */
export function checkLoadOptions(options: unknown): asserts options is LoadMnistOptions {
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw wrongType('options', options, 'an object', 'Call loadMnist() or pass e.g. loadMnist({ trainSize: 1000, seed: 42 }).');
  }
  const o = options as Record<string, unknown>;
  for (const key of Object.keys(o)) {
    if (!KNOWN_KEYS.includes(key) && o[key] !== undefined) {
      const near = KNOWN_KEYS.find((k) => k.toLowerCase() === key.toLowerCase());
      throw new MnistOptionError(key, 'is not a loadMnist option',
        `${near ? `Did you mean ${near}? ` : ''}The options are ${KNOWN_KEYS.join(', ')}.`);
    }
  }
  for (const name of ['validationSize', 'trainSize', 'testSize'] as const) {
    const value = o[name];
    if (value !== undefined && (typeof value !== 'number' || !Number.isInteger(value) || value < 0)) {
      throw wrongType(name, value, 'a whole number ≥ 0', `Pass e.g. { ${name}: 1000 }, or leave it out for the default.`);
    }
  }
  checkSeed('seed', o.seed, 'or leave it out to keep file order');
  checkTypes(o);
}

/** A seed is a finite number or a string (anything else would be stringified into '[object Object]'). */
export function checkSeed(option: string, seed: unknown, otherwise: string): void {
  if (seed !== undefined && !(typeof seed === 'string' || (typeof seed === 'number' && Number.isFinite(seed)))) {
    throw wrongType(option, seed, 'a finite number or a string',
      `Pass e.g. 42 (the same seed gives the same order everywhere), ${otherwise}.`);
  }
}

function checkTypes(o: Record<string, unknown>): void {
  const expect = (name: string, ok: (v: unknown) => boolean, expected: string, fix: string) => {
    if (o[name] !== undefined && !ok(o[name])) throw wrongType(name, o[name], expected, fix);
  };
  const isBoolean = (v: unknown) => typeof v === 'boolean';
  const isFunction = (v: unknown) => typeof v === 'function';
  expect('dir', (v) => typeof v === 'string' && v !== '', 'a non-empty directory path', 'Pass e.g. { dir: "./data/mnist" }.');
  expect('baseUrl', (v) => (typeof v === 'string' && v !== '') || v instanceof URL, 'a URL string or URL',
    "Pass the folder URL serving the files, e.g. { baseUrl: '/mnist/' }.");
  expect('gzip', isBoolean, 'true or false', 'Pass { gzip: true } to fetch the .gz files, or leave it out.');
  expect('verify', isBoolean, 'true or false', 'Pass { verify: true } to check SHA-256 digests, { verify: false } to skip it.');
  expect('onProgress', isFunction, 'a function', 'Pass e.g. { onProgress: (p) => console.log(p.file, p.loaded) }.');
  expect('fetch', isFunction, 'a function', 'Pass a fetch implementation, or leave it out for globalThis.fetch.');
  expect('cache', (v) => isBoolean(v) || (typeof v === 'object' && v !== null && isFunction((v as { match?: unknown }).match) &&
    isFunction((v as { put?: unknown }).put)), 'true, false or a Cache-like object with match() and put()',
  "Pass { cache: true } to use the Cache API, or a cache from caches.open('name').");
  expect('cacheName', (v) => typeof v === 'string' && v !== '', 'a non-empty string', "Pass e.g. { cacheName: 'nophd-mnist-v1' }.");
}
