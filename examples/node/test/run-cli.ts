import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The example's folder, where `tsx src/train.ts` runs as `pnpm train` runs it. */
export const exampleDir = fileURLToPath(new URL('..', import.meta.url));

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/**
 * Starts `src/<script>.ts ...args` with tsx's loader in one Node process and collects its output. (The `tsx`
 * binary runs the script in a child and relays signals, which races with a test's SIGINT.)
 */
export function startCli(script: 'train' | 'evaluate', args: string[], env: NodeJS.ProcessEnv = {}) {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', `src/${script}.ts`, ...args], {
    cwd: exampleDir,
    env: { ...process.env, CI: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk) => (stdout += chunk));
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  const done = new Promise<CliResult>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return { child, done, output: () => stdout + stderr };
}

export function runCli(script: 'train' | 'evaluate', args: string[], env?: NodeJS.ProcessEnv): Promise<CliResult> {
  return startCli(script, args, env).done;
}
