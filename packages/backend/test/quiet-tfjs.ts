// These tests run tfjs's plain-JavaScript cpu backend on purpose (parity, fallbacks); PROD mutes its one-time
// "install tfjs-node" advice, which is all the flag does in tfjs 4.22.
import * as tf from '@tensorflow/tfjs-core';

tf.env().set('PROD', true);
