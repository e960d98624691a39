/**
 * Entry point of the inference worker's preprocessing thread (bundled as `dist/cli/prep-thread.mjs`):
 * makes model inputs from decoded photos (`prep-thread.ts` is its client). It runs at the lowest
 * scheduling priority where the OS allows it, so it takes only the cycles onnxruntime leaves idle.
 */
import { parentPort } from 'node:worker_threads';
import { oneLine } from '../../common/errors.js';
import { modelInput } from '../image/model-input.js';
import { lowerThisThreadsPriority, type PrepRequest, type PrepResponse } from './prep-thread-protocol.js';

const port = parentPort;
if (port) {
  lowerThisThreadsPriority();
  port.on('message', (msg: PrepRequest) => {
    let reply: PrepResponse;
    try {
      reply = { id: msg.id, input: modelInput(msg.img, msg.cfg) };
    } catch (e) {
      reply = { id: msg.id, error: oneLine(e) };
    }
    // The tensor's buffer moves to the worker's thread instead of being copied.
    port.postMessage(reply, 'input' in reply ? [reply.input.data.buffer as ArrayBuffer] : []);
  });
}
