// The nophdWasm() Vite plugin in a real Vite dev server: serves the .wasm files, publishes their
// location to the bundle, and sends COOP/COEP unless told not to.
import { once } from 'node:events';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { createServer, type ViteDevServer } from 'vite';
import { afterEach, describe, expect, it } from 'vitest';
import { nophdWasm, type NophdWasmOptions } from '../src/vite/index.js';

const fixture = fileURLToPath(new URL('./fixtures/browser', import.meta.url));
let server: ViteDevServer | undefined;

/**
 * A port the OS says is free. Vite reads `port: 0` as its default 5173, so the servers of consecutive tests shared
 * an origin and fetch reused a keep-alive socket of the closed one ("other side closed").
 */
async function freePort(): Promise<number> {
  const probe = createNetServer().listen(0, '127.0.0.1');
  await once(probe, 'listening');
  const { port } = probe.address() as AddressInfo;
  await new Promise((closed) => probe.close(closed));
  return port;
}

async function start(options?: NophdWasmOptions, base = '/'): Promise<string> {
  server = await createServer({
    root: fixture,
    base,
    configFile: false,
    logLevel: 'error',
    plugins: [nophdWasm(options)],
    server: { host: '127.0.0.1', port: await freePort(), strictPort: true, hmr: false },
    optimizeDeps: { noDiscovery: true, include: [] },
  });
  await server.listen();
  return server.resolvedUrls!.local[0]!;
}

/** The wasm folder the dev server defines: Vite's client module sets define constants as globals in dev. */
async function wasmFolderConstant(url: string): Promise<string | undefined> {
  const code = await (await fetch(`${url}@vite/env`)).text();
  return /"globalThis\.__NOPHD_WASM_PATHS__": ("[^"]*")/.exec(code)?.[1];
}

afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('nophdWasm() in vite dev', () => {
  it('serves each tfjs-backend-wasm binary as application/wasm, cross-origin isolated by default', async () => {
    const url = await start();
    for (const file of ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm', 'tfjs-backend-wasm-threaded-simd.wasm']) {
      const response = await fetch(`${url}nophd-wasm/${file}`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('application/wasm');
      expect(WebAssembly.validate(new Uint8Array(await response.arrayBuffer()))).toBe(true);
    }
    const page = await fetch(url);
    expect(page.headers.get('cross-origin-opener-policy')).toBe('same-origin');
    expect(page.headers.get('cross-origin-embedder-policy')).toBe('require-corp');
    expect(await page.text()).not.toContain('__NOPHD_WASM_PATHS__'); // no inline script for a CSP to block
    expect(await wasmFolderConstant(url)).toBe('"/nophd-wasm/"');
    const mainScript = await fetch(`${url}nophd-wasm/tfjs-backend-wasm-threaded-simd.js`);
    expect(mainScript.headers.get('content-type')).toBe('text/javascript');
    expect(await mainScript.text()).toContain('var WasmBackendModuleThreadedSimd');
    const unknown = await fetch(`${url}nophd-wasm/other.wasm`);
    expect(unknown.headers.get('content-type')).not.toBe('application/wasm');
  });

  it('honours dir, base and crossOriginIsolation: false', async () => {
    const url = await start({ dir: '/wasm/', crossOriginIsolation: false }, '/app/');
    expect(url.endsWith('/app/')).toBe(true);
    const binary = await fetch(`${url}wasm/tfjs-backend-wasm-simd.wasm`);
    expect(binary.status).toBe(200);
    const page = await fetch(url);
    expect(page.headers.get('cross-origin-opener-policy')).toBeNull();
    expect(page.headers.get('cross-origin-embedder-policy')).toBeNull();
    expect(await wasmFolderConstant(url)).toBe('"/app/wasm/"');
  });
});
