/**
 * Training off the main thread: {@link serveTraining} runs the trainer in a Web Worker (or any message
 * port), {@link startTraining} / {@link connectTraining} give the page a client, and {@link PageSession}
 * turns the trainer's events into what a page draws.
 *
 * @module
 */
export { serveTraining, type MessageEndpoint, type ServeTrainingOptions } from './worker/serve.js';
export { connectTraining, startTraining, type KernelData, type StartTrainingOptions, type TrainerEndpoint, type TrainingClient } from './worker/connect.js';
export { PageSession, type LabelledDigits, type TestDigits } from './worker/page-session.js';
export type { InitCommand, MetricPoint, MnistSource, SessionStatus, TrainerCommand, TrainerEvent, TrainerStatus } from './worker/protocol.js';
