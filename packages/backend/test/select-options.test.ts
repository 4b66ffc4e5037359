// Wrong argument types are named before anything starts: no TypeError from inside detection, no
// '[object Object]' backend name, no listener that fails only when WebGL is lost.
import { describe, expect, it } from 'vitest';
import { BackendOptionError, backendFromUrl, onBackendFallback, selectBackend } from '../src/index.js';

/** The BackendOptionError `run` rejects or throws with, checked to contain `message`. */
async function refused(run: () => unknown, message: string | RegExp): Promise<void> {
  let error: unknown;
  try {
    await run();
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(BackendOptionError);
  expect((error as Error).message).toMatch(message);
}

describe('selectBackend options', () => {
  it('refuses options that are not an object', async () => {
    await refused(() => selectBackend(null as never),
      "selectBackend: options must be an object (or nothing), got null; pass e.g. selectBackend({ backend: 'wasm' }), or leave it out.");
    await refused(() => selectBackend('wasm' as never), 'options must be an object (or nothing), got "wasm"');
  });

  it('refuses options of the wrong type, naming each and the way out', async () => {
    await refused(() => selectBackend({ backend: { name: 'wasm' } as never }),
      "selectBackend: backend must be one of 'auto', 'webgl', 'wasm', 'cpu', got an object (Object)");
    await refused(() => selectBackend({ threads: 'many' as never }), 'threads must be true, false or a whole number of threads ≥ 1, got "many"; pass e.g. { threads: false }');
    await refused(() => selectBackend({ threads: 0 }), 'got 0');
    await refused(() => selectBackend({ wasmPaths: 42 as never }), 'wasmPaths must be a folder URL or a map of file name → URL, got 42');
    await refused(() => selectBackend({ probe: {} as never }), 'probe must be a function returning capabilities');
    await refused(() => selectBackend({ startTimeoutMs: '100' as never }), 'startTimeoutMs must be a positive number of milliseconds, got "100"');
  });
});

describe('backendFromUrl and onBackendFallback', () => {
  it('backendFromUrl takes the query string only', async () => {
    await refused(() => backendFromUrl(undefined as never), 'backendFromUrl: search must be the query string of the page URL, got undefined; pass location.search.');
    expect(backendFromUrl('?backend=cpu')).toBe('cpu');
  });

  it('onBackendFallback takes a function, at registration rather than when WebGL is lost', async () => {
    await refused(() => onBackendFallback('log' as never), 'onBackendFallback: listener must be a function, got "log"; pass e.g. (from, to, why) =>');
    const off = onBackendFallback(() => {});
    expect(off).toBeTypeOf('function');
    off();
  });
});
