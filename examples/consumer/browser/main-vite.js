// Vite: the nophdWasm() plugin put the wasm folder into the bundle, so no option is needed.
import { runCourseApp } from './app.js';

runCourseApp({});
