/**
 * `pnpm evaluate --model DIR` — loads a saved model and measures it on the MNIST test images.
 */
import { loadStageModel } from '@nophd/models';
import { selectBackend } from '@nophd/backend';
import { loadMnist } from '@nophd/mnist-data';
import { EVALUATE_HELP, parseEvaluateOptions } from './cli/evaluate-options.js';
import { runCommand } from './cli/run-command.js';
import { evaluateModel, topConfusions } from './evaluation/evaluate-model.js';
import { fileSystemHandler } from './io/file-system-handler.js';
import { describeBackend } from './training/describe-backend.js';
import { saveModelViews } from './report/model-views.js';
import { displayPath, resolveUserPath } from './cli/user-path.js';

runCommand(async () => {
  const parsed = parseEvaluateOptions(process.argv.slice(2));
  if (parsed === 'help') {
    console.log(EVALUATE_HELP);
    return 0;
  }
  const options = { ...parsed, model: resolveUserPath(parsed.model) };
  const started = performance.now();
  // Load the model first: a wrong --model should fail before the data is read.
  const selection = await selectBackend({ backend: options.backend });
  const model = await loadStageModel(fileSystemHandler(options.model));
  for (const line of describeBackend(selection)) console.log(line);
  const { test } = await loadMnist({ trainSize: 1, testSize: options.testSize });

  const result = await evaluateModel(model, test.images, test.labels);
  const reported = await saveModelViews(options.model, model, result);
  model.dispose();
  console.log(`Model: ${displayPath(options.model)}`);
  console.log(`Test accuracy: ${(result.accuracy * 100).toFixed(2)} % (${Math.round(result.accuracy * result.size)} of ${result.size.toLocaleString('en')} right)`);
  console.log('Per digit:');
  for (const c of result.perClass) {
    console.log(`  ${c.digit}: ${c.total === 0 ? '  n/a ' : `${(c.accuracy * 100).toFixed(2).padStart(6)} %`}  (${c.correct}/${c.total})`);
  }
  const confusions = topConfusions(result.confusion);
  console.log(
    confusions.length === 0
      ? 'No mistakes.'
      : `Most confused: ${confusions.map((m) => `${m.actual} read as ${m.predicted} ×${m.count}`).join(', ')}`,
  );
  if (reported) console.log(`Added the first-layer weights and the confusion matrix to ${displayPath(options.model)}/report.svg and report.json.`);
  console.log(`Took ${((performance.now() - started) / 1000).toFixed(1)} s.`);
  return 0;
});
