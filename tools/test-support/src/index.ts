// Shared by the workspace's browser tests (and the bench's page measurement): one Chromium launch, not five.
export { ChromiumNotFoundError, chromiumPath, DEFAULT_CHROMIUM_PATH } from './chromium-path.js';
export { launchChromium, launchChromiumProfile, QUIET_PROFILE_FLAGS, type ChromiumProfile, type ProfileOptions } from './launch.js';
export { collectPageProblems } from './page-problems.js';
