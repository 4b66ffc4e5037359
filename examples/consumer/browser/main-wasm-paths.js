// webpack and esbuild: the build copied the wasm files (npx nophd-wasm copy dist/nophd-wasm); say where.
import { runCourseApp } from './app.js';

runCourseApp({ wasmPaths: new URL('nophd-wasm/', document.baseURI).href });
