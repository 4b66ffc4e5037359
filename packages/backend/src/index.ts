export { selectBackend } from './select/select-backend.js';
export { onBackendFallback, type BackendFallbackListener } from './select/fallback.js';
export { backendFromUrl } from './select/url.js';
export { BACKEND_NAMES, UnknownBackendError, type ActiveBackendName, type BackendName } from './select/names.js';
export { BackendUnavailableError } from './select/errors.js';
export {
  detectCapabilities,
  softwareRendererName,
  type Capabilities,
  type WasmCapability,
  type WebGLCapability,
} from './select/capabilities.js';
export type { BackendSelection, CandidateReport, SelectBackendOptions } from './select/selection.js';
export type { WasmPaths } from './select/wasm-paths.js';
export type { PolicyBlock } from './select/policy.js';
// The wasm training kernels (Conv2DBackpropFilter and friends), registered only when called.
export * from './kernels/index.js';
