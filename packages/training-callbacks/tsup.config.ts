import { defineConfig, type Options } from 'tsup';
import { sharedBuild } from '../../tsup.shared';

// Two builds of one API, chosen by export conditions: "index" for Node (progressReporter's live bar loads
// cli-progress) and "browser" for everything else, where terminal-bar.ts is swapped for terminal-bar.browser.ts so
// no bundle pulls in cli-progress's Node-only imports. `dist` is emptied by the build script, not by tsup's
// `clean`, because the two builds run in parallel.
type EsbuildPlugin = NonNullable<Options['esbuildPlugins']>[number];

const browserTerminalBar: EsbuildPlugin = {
  name: 'browser-terminal-bar',
  setup(build) {
    build.onResolve({ filter: /\/terminal-bar\.js$/ }, () => ({
      path: new URL('./src/terminal-bar.browser.ts', import.meta.url).pathname,
    }));
  },
};

const common: Options = sharedBuild;

export default defineConfig([
  { ...common, entry: { index: 'src/index.ts' } },
  { ...common, entry: { browser: 'src/index.ts' }, esbuildPlugins: [browserTerminalBar] },
]);
