export * from './index.js';
export {
  folderCheckpoints,
  CURRENT_FILE,
  CHECKPOINTS_DIR,
  MODEL_JSON,
  WEIGHTS_BIN,
  STATE_JSON,
  MANIFEST_JSON,
  SAVE_STEPS,
  type SaveStep,
  type FolderCheckpointsOptions,
} from './node/folder-checkpoints.js';
export { LOCK_FILE } from './node/run-lock.js';
export { makeFolder } from './node/durable-files.js';
export {
  readRunReport,
  writeRunReport,
  truncateToCheckpoint,
  RunReportError,
  REPORT_JSON,
  REPORT_SVG,
  type RunReport,
  type EpochRecord,
  type SessionRecord,
  type MetricPoint,
  type BandRecord,
  type ModelViews,
  type WriteRunReportOptions,
} from './node/run-report.js';
export { recordRun, RunRecorder, type RecordRunOptions } from './node/run-recorder.js';
export { prepareRunFolder, removeEmptyRunFolder, clearRunFolder, RunFolderError } from './node/run-folder.js';
