// One npm install of the packed tarballs, shared by the Node half and the browser half of the consumer test.
import { rmSync } from 'node:fs';
import type { TestProject } from 'vitest/node';
import { installConsumerApp } from './consumer-app.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Folder of the throw-away app the tarballs were installed into. */
    consumerApp: string;
  }
}

export default function setup(project: TestProject): () => void {
  const app = installConsumerApp();
  project.provide('consumerApp', app);
  return () => rmSync(app, { recursive: true, force: true });
}
