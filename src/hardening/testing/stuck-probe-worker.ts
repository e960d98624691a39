/** Test double for the prober: the input's first byte says what to do — 1 answer ok, 2 spin forever, 3 throw. */
import { parentPort } from 'node:worker_threads';

parentPort?.on('message', (req: { id: number; input: Uint8Array }) => {
  const what = req.input[0];
  if (what === 1) parentPort?.postMessage({ id: req.id, outcome: { kind: 'ok' } });
  else if (what === 2)
    for (;;) Math.sqrt(what); // a synchronous loop: only terminate() ends it
  else throw new Error('probe worker blew up');
});
parentPort?.postMessage('ready');
