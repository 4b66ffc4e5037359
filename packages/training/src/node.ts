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
