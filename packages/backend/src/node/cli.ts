#!/usr/bin/env node
// nophd-wasm copy <dir>: puts the wasm backend's browser files where a non-Vite build serves them.
import { resolve } from 'node:path';
import { copyWasmAssets, WasmAssetsNotFoundError } from './wasm-assets.js';

const USAGE = `Usage: nophd-wasm copy <dir>

Copies tfjs-backend-wasm's three .wasm binaries and the threaded build's main script into <dir>.
Serve that folder with your app and pass its URL to selectBackend({ wasmPaths }).`;

function main(args: string[]): number {
  const [command, dir, ...rest] = args;
  if (command === '--help' || command === '-h') {
    console.log(USAGE);
    return 0;
  }
  if (command !== 'copy' || dir === undefined || rest.length > 0) {
    console.error(`nophd-wasm: expected "copy <dir>", got "${args.join(' ')}".\n\n${USAGE}`);
    return 2;
  }
  try {
    for (const file of copyWasmAssets(resolve(dir), process.cwd())) console.log(file);
    return 0;
  } catch (error) {
    if (!(error instanceof WasmAssetsNotFoundError)) throw error;
    console.error(`nophd-wasm: ${error.message}`);
    return 1;
  }
}

process.exitCode = main(process.argv.slice(2));
