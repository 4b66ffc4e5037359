/**
 * `pnpm evaluate --model DIR` — loads the model a `pnpm train` run saved in DIR and scores it on the MNIST
 * test images (the same ones its run was tested on).
 */
import { selectBackend } from '@nophd/backend';
import { loadMnist } from '@nophd/mnist-data';
import { disposeModel } from '@nophd/models';
import { evaluate, loadCheckpointModel, topConfusions } from '@nophd/training';
import { folderCheckpoints, readRunReport, writeRunReport } from '@nophd/training/node';
import { modelViewsOf, renderRunReportSvg } from '@nophd/visual-model';
import { EVALUATE_HELP, parseEvaluateOptions } from './cli/evaluate-options.js';
import { runCommand } from './cli/run-command.js';
import { displayPath, resolveUserPath } from './cli/user-path.js';
import { VALIDATION_SIZE } from './cli/train-options.js';
import { describeBackend } from './training/describe-backend.js';

runCommand(async () => {
  const parsed = parseEvaluateOptions(process.argv.slice(2));
  if (parsed === 'help') {
    console.log(EVALUATE_HELP);
    return 0;
  }
  const dir = resolveUserPath(parsed.model);
  const started = performance.now();
  const selection = await selectBackend({ backend: parsed.backend });
  // Load the model first: a wrong --model should fail before the data is read.
  const { model, state } = await loadCheckpointModel(folderCheckpoints(dir));
  for (const line of describeBackend(selection)) console.log(line);
  // The run's seed picks its test images, so `evaluate` scores the very images `train` reported on.
  const { test } = await loadMnist({ trainSize: 1, validationSize: VALIDATION_SIZE, testSize: parsed.testSize, seed: state.seed });
  const result = await evaluate(model, test);
  // A folder `pnpm train` wrote has a report: add the model's pictures and this test's confusions to it.
  const report = await readRunReport(dir);
  if (report) await writeRunReport(dir, { ...report, modelViews: modelViewsOf(model, result, report.epochsCompleted) }, { svg: renderRunReportSvg });
  disposeModel(model);
  console.log(`Model: ${displayPath(dir)} (stage ${state.stage ?? '?'}, ${state.iteration.toLocaleString('en')} training steps)`);
  console.log(`Test accuracy: ${(result.accuracy * 100).toFixed(2)} % (${Math.round(result.accuracy * result.size)} of ${result.size.toLocaleString('en')} right, loss ${result.loss.toFixed(4)})`);
  console.log('Per digit:');
  for (const d of result.perDigit) {
    console.log(`  ${d.digit}: ${d.total === 0 ? '  n/a ' : `${(d.accuracy * 100).toFixed(2).padStart(6)} %`}  (${d.correct}/${d.total})`);
  }
  const confusions = topConfusions(result.confusion);
  console.log(
    confusions.length === 0
      ? `No mistakes on these ${result.size.toLocaleString('en')} images.`
      : `Most confused: ${confusions.map((m) => `${m.label} read as ${m.predicted} ×${m.count}`).join(', ')}`,
  );
  if (report) console.log(`Added the first-layer weights and the confusion matrix to ${displayPath(dir)}/report.svg and report.json.`);
  console.log(`Took ${((performance.now() - started) / 1000).toFixed(1)} s.`);
  return 0;
}, process.argv.includes('--verbose'));
