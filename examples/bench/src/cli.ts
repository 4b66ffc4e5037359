import { parseArgs } from 'node:util';

/** The parts of the benchmark that `--only` can pick. */
export const SECTIONS = ['data', 'throughput', 'kernels', 'peer', 'accuracy', 'memory'] as const;
export type Section = (typeof SECTIONS)[number];

/** 'wasm-threads' is wasm with XNNPACK's thread pool on every core (opt-in in Node). */
export const BACKENDS = ['wasm', 'wasm-threads', 'cpu'] as const;
export type BenchBackend = (typeof BACKENDS)[number];

export interface BenchOptions {
  quick: boolean;
  help: boolean;
  sections: Section[];
  stages: number[];
  backends: BenchBackend[];
}

/** A command-line mistake; the message names the flag, the value and what is accepted. */
export class BenchUsageError extends Error {
  override name = 'BenchUsageError';
}

export const USAGE = `Usage: pnpm bench [--quick] [--only SECTIONS] [--stages LIST] [--backends LIST]

Measures nophd on this machine, prints a markdown table, and writes
examples/bench/results.json and the table in examples/bench/README.md.
The peer section trains the same nets in PyTorch when python3 can import torch
(apt-get install python3-torch) and prints nophd / PyTorch per net and thread count.

  --quick            finish in about two minutes: fewer batches; skips the time-to-99% run
                     and the full-dataset memory run (reported as "not measured (--quick)")
  --only SECTIONS    comma list of ${SECTIONS.join(', ')} (default: all)
  --stages LIST      comma list of stages 1-5 for the throughput section (default: 1,2,3,4,5)
  --backends LIST    comma list of ${BACKENDS.join(', ')} for the throughput section (default: all)
  -h, --help         show this text`;

/** Parses the bench's flags strictly: unknown flags, stray words and bad lists are errors. */
export function parseBenchArgs(argv: string[]): BenchOptions {
  let values: { quick?: boolean; help?: boolean; only?: string; stages?: string; backends?: string };
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        quick: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        only: { type: 'string' },
        stages: { type: 'string' },
        backends: { type: 'string' },
      },
    }));
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new BenchUsageError(`pnpm bench: ${detail}\n\n${USAGE}`);
  }
  return {
    quick: values.quick ?? false,
    help: values.help ?? false,
    sections: listFlag('only', values.only, SECTIONS) ?? [...SECTIONS],
    stages: (listFlag('stages', values.stages, ['1', '2', '3', '4', '5'] as const) ?? ['1', '2', '3', '4', '5']).map(Number),
    backends: listFlag('backends', values.backends, BACKENDS) ?? [...BACKENDS],
  };
}

function listFlag<T extends string>(name: string, raw: string | undefined, choices: readonly T[]): T[] | undefined {
  if (raw === undefined) return undefined;
  const items = raw.split(',').map((item) => item.trim());
  const wrong = items.filter((item) => !(choices as readonly string[]).includes(item));
  if (items.length === 0 || wrong.length > 0) {
    throw new BenchUsageError(
      `pnpm bench: --${name} ${JSON.stringify(raw)} is not valid (${wrong.map((w) => JSON.stringify(w)).join(', ')}): ` +
        `give a comma list of ${choices.join(', ')}.`,
    );
  }
  return choices.filter((choice) => items.includes(choice));
}
