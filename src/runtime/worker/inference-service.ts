/**
 * The inference service the Api and the CLI use: models are loaded once into an isolated worker
 * (a forked process by default) and reused; requests are queued there, cancellable with an
 * AbortSignal, and if the worker dies (a native crash in onnxruntime) the pending requests fail with
 * a clear error and the next request starts a fresh worker, reloading the models it needs.
 */
import type { ModelPrediction } from '../../common/api-types.js';
import type { AttentionBlock, AttentionResponse, PhotoResult, SaliencyMap } from '../../common/photo-run.js';
import { CancelledError, UserError } from '../../common/errors.js';
import type { ProviderName } from '../engine/engine.js';
import { opened, type ModelMeta, type OpenedModel } from '../engine/model-meta.js';
import type {
  CacheStats,
  ImageSource,
  LoadInfo,
  ModelSource,
  ModelTarget,
  RunnerLoadOptions,
} from '../engine/model-runner.js';
import { openChannel, type ChannelEvents, type Isolation, type WorkerChannel } from './worker-channel.js';
import type { CrashHow, WorkerCall, WorkerError, WorkerResponse } from './worker-protocol.js';

export interface InferenceServiceOptions {
  /** Providers to try best-first; one provider = forced. Default: best for the platform. */
  providers?: ProviderName[];
  /** Where inference runs (default `process`: survives native crashes). */
  isolate?: Isolation;
  intraOpThreads?: number;
  /** Warm-up run at load so photos get warm latency (default true). */
  warmup?: boolean;
  /** Worker script override (e.g. the Electron main bundle's sibling path). */
  workerEntry?: string;
  /**
   * Own transport, e.g. an Electron utilityProcess running `inference-worker.mjs` (main/ plugs it
   * in; src/ stays Electron-free). Replaces `isolate`/`workerEntry`.
   */
  channel?: (events: ChannelEvents) => WorkerChannel;
  /** Allow the `crash` debug request (tests). */
  debug?: boolean;
  /**
   * A request the worker has not answered after this long (a hung native call) fails, and the
   * worker is replaced. Default 300 s: a cold zoo build plus load of a big model takes seconds.
   */
  requestTimeoutMs?: number;
  /** The same for loading a model (building a zoo model and planning it take longer); default 300 s. */
  loadTimeoutMs?: number;
  /** After the SIGTERM that ends a worker, how long until SIGKILL (default 3 s). */
  killGraceMs?: number;
}

export interface RequestOptions {
  signal?: AbortSignal;
  /** Include raw logits per image (CLI `--json` with tensors, tests). */
  logits?: boolean;
}

/**
 * A photo the caller holds, named by the sha256 of its bytes (`photoHash`): the bytes cross to the
 * worker once (again only for a fresh worker, or when the worker's photo store evicted them).
 */
export interface PhotoRef {
  photoId: string;
  bytes: Uint8Array;
}

/** What the service takes as a photo: a path, bytes, a raw tensor, or a `PhotoRef`. */
export type ServiceImage = ImageSource | PhotoRef;

function isPhotoRef(x: ServiceImage): x is PhotoRef {
  return typeof x === 'object' && !(x instanceof Uint8Array) && 'photoId' in x && 'bytes' in x;
}

/** What crosses to the worker: a `PhotoRef` goes by its id only. */
function onWire(x: ServiceImage): ImageSource {
  return isPhotoRef(x) ? { photoId: x.photoId } : x;
}

/** A prediction as the Api shows it: the result without its batch bookkeeping. */
function prediction(r: PhotoResult): ModelPrediction & { logits?: Float32Array } {
  const { batch: _batch, cached: _cached, attention: _attention, ...p } = r;
  return p;
}

/** The worker died under a request. */
export class WorkerCrashedError extends Error {
  override name = 'WorkerCrashedError';
}

type OpenSpec = { target: ModelTarget; saliency: boolean };
type Spec = { source: ModelSource; meta: ModelMeta } | OpenSpec;

interface Pending {
  resolve(v: unknown): void;
  reject(e: Error): void;
  what: string;
}

function revive(e: WorkerError): Error {
  if (e.name === 'UserError') return new UserError(e.message);
  if (e.name === 'CancelledError') return new CancelledError(e.message);
  const err = new Error(e.message);
  err.name = e.name;
  return err;
}

export class InferenceService {
  private channel?: WorkerChannel;
  private generation = 0;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly watchdogs = new Set<NodeJS.Timeout>();
  private readonly specs = new Map<string, Spec>();
  /** Models loaded in the current worker: id → its load (shared by concurrent requests). */
  private loaded = new Map<string, Promise<OpenedModel>>();
  /** Photos sent to the current worker: id → the send (shared by concurrent requests). */
  private sent = new Map<string, Promise<void>>();

  constructor(private readonly opts: InferenceServiceOptions = {}) {}

  private loadOptions(): RunnerLoadOptions {
    return { providers: this.opts.providers, intraOpThreads: this.opts.intraOpThreads, warmup: this.opts.warmup };
  }

  /** The worker to send to: the current one while it lives, else a fresh one. */
  private ensureChannel(): WorkerChannel {
    // Gone an instant ago, its exit not delivered yet: requests already sent to it fail as a
    // crash; new ones go to a fresh worker.
    if (this.channel && !this.channel.alive()) this.failAll('inference worker exited');
    if (this.channel) return this.channel;
    const generation = ++this.generation;
    const open =
      this.opts.channel ??
      ((ev: ChannelEvents) =>
        openChannel(
          {
            isolation: this.opts.isolate ?? 'process',
            entry: this.opts.workerEntry,
            debug: this.opts.debug,
            killGraceMs: this.opts.killGraceMs,
          },
          ev,
        ));
    const channel = open({
      onMessage: (m) => this.settle(m),
      onExit: (reason) => {
        if (generation === this.generation) this.failAll(`inference worker crashed (${reason})`);
      },
    });
    this.channel = channel;
    return channel;
  }

  /** Let go of the worker: every pending request fails with `error`; the next request starts a fresh worker. */
  private drop(error: (p: Pending) => Error): WorkerChannel | undefined {
    const channel = this.channel;
    this.channel = undefined;
    this.generation++;
    this.loaded = new Map();
    this.sent = new Map();
    const dying = [...this.pending.values()];
    this.pending.clear();
    for (const p of dying) p.reject(error(p));
    return channel;
  }

  /** The worker is gone (or given up on). */
  private failAll(reason: string): void {
    this.drop((p) => new WorkerCrashedError(`${reason} while ${p.what}; the next request starts a fresh worker`));
  }

  private async hung(channel: WorkerChannel, ms: number): Promise<void> {
    if (this.channel !== channel) return;
    this.failAll(`inference worker did not answer within ${+(ms / 1000).toFixed(1)} s and was stopped`);
    await channel.kill();
  }

  private settle(m: WorkerResponse): void {
    const p = this.pending.get(m.id);
    if (!p) return; // cancelled: the result is dropped
    this.pending.delete(m.id);
    if (m.ok) p.resolve(m.result);
    else p.reject(revive(m.error));
  }

  /**
   * One request to the worker. It owns its watchdog timer and its abort listener, and every way it
   * ends — an answer, an error, a cancel, the worker's death, the service's disposal — clears both
   * (a cancelled request used to leave its timer armed, and kill a healthy worker 300 s later).
   * The timer is unref'd: it never keeps the process from exiting. `queuedBehind`: the request
   * waits in the worker for that one (its model's load), so its timer starts after it.
   */
  private call<T>(call: WorkerCall, what: string, signal?: AbortSignal, queuedBehind?: Promise<unknown>): Promise<T> {
    if (signal?.aborted) return Promise.reject(new CancelledError());
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      let sentTo: WorkerChannel | undefined;
      const end = (): void => {
        this.pending.delete(id);
        signal?.removeEventListener('abort', onAbort);
        if (timer) {
          clearTimeout(timer);
          this.watchdogs.delete(timer);
          timer = undefined;
        }
      };
      const onAbort = (): void => {
        if (!this.pending.has(id)) return;
        end();
        // The worker drops it if queued; if running, its result is discarded when it comes.
        if (sentTo?.alive()) sentTo.send({ id, cancel: true });
        reject(new CancelledError());
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.pending.set(id, {
        resolve: (v) => (end(), resolve(v as T)),
        reject: (e) => (end(), reject(e)),
        what,
      });
      const dispatch = (retry: boolean): void => {
        const channel = this.ensureChannel();
        channel.ready.then(
          () => {
            if (!this.pending.has(id)) return;
            if (!channel.alive()) {
              // Never sent: a fresh worker can take a load (once); the death fails only the others.
              // A request on a model fails as a crash: the fresh worker does not have its model.
              const mine = this.pending.get(id)!;
              this.pending.delete(id);
              if (this.channel === channel) this.failAll('inference worker exited');
              this.pending.set(id, mine);
              if (retry && (call.op === 'load' || call.op === 'open')) return dispatch(false);
              return mine.reject(new WorkerCrashedError(`inference worker exited while ${what}`));
            }
            channel.send({ id, call });
            sentTo = channel;
            const loading = call.op === 'load' || call.op === 'open';
            const ms = (loading ? this.opts.loadTimeoutMs : this.opts.requestTimeoutMs) ?? 300_000;
            const arm = (): void => {
              if (!this.pending.has(id)) return;
              timer = setTimeout(() => void this.hung(channel, ms), ms);
              timer.unref();
              this.watchdogs.add(timer);
            };
            if (queuedBehind) void queuedBehind.then(arm, arm);
            else arm();
          },
          () => undefined, // onExit rejects the pending request
        );
      };
      dispatch(true);
    });
  }

  /** Watchdog timers armed now (one per request the worker has and has not answered): tests. */
  armedWatchdogs(): number {
    return this.watchdogs.size;
  }

  /** The forked worker's pid, while one runs (tests). */
  workerPid(): number | undefined {
    return this.channel?.pid;
  }

  private loadCall(id: string, spec: Spec): Promise<OpenedModel> {
    if ('meta' in spec) {
      const { source, meta } = spec;
      return this.call<LoadInfo>(
        { op: 'load', modelId: id, source, meta, options: this.loadOptions() },
        `loading ${meta.name}`,
      ).then((info) => opened(meta, info));
    }
    const options = { ...this.loadOptions(), saliency: spec.saliency };
    return this.call<OpenedModel>({ op: 'open', modelId: id, target: spec.target, options }, `loading ${id}`);
  }

  /** The model's load in the current worker, started on first need (again after a crash). */
  private ensureLoaded(id: string, signal?: AbortSignal): Promise<OpenedModel> {
    const spec = this.specs.get(id);
    if (!spec) return Promise.reject(new UserError(`model ${id} is not loaded`));
    let p = this.loaded.get(id);
    if (!p) {
      const map = this.loaded;
      const load = this.loadCall(id, spec);
      map.set(id, load);
      load.catch(() => map.get(id) === load && map.delete(id));
      p = load;
    }
    if (!signal) return p;
    if (signal.aborted) return Promise.reject(new CancelledError());
    // A cancelled request stops waiting; the load itself goes on for the next request.
    return new Promise<OpenedModel>((resolve, reject) => {
      const onAbort = (): void => reject(new CancelledError());
      signal.addEventListener('abort', onAbort, { once: true });
      p.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
    });
  }

  /**
   * The model is loaded (or being loaded, ahead in the queue) in the worker the next request goes
   * to. A worker that died while we waited is replaced here and the model loaded into the new one,
   * so a request never reaches a worker that does not have its model.
   */
  private ensureModel(id: string, signal?: AbortSignal): Promise<void> {
    // A worker dead an instant ago (its exit not delivered yet) is let go *before* anything is
    // queued for this request, so the model's load, its photos and the call all go, in that order,
    // to the fresh worker (the requests already sent to the dead one fail as a crash).
    if (this.channel && !this.channel.alive()) this.failAll('inference worker exited');
    return this.ensureModelLoop(id, signal);
  }

  private async ensureModelLoop(id: string, signal?: AbortSignal): Promise<void> {
    for (;;) {
      await this.ensureLoaded(id, signal);
      // Dead (its exit not delivered yet): replace it now, and the next turn loads into the new one.
      if (this.channel && !this.channel.alive()) this.ensureChannel();
      else if (this.channel && this.loaded.has(id)) return;
    }
  }

  /** Load (or replace) a planned model; resolves with the provider it runs on and its cold-run latency. */
  async load(id: string, model: ModelSource, meta: ModelMeta): Promise<LoadInfo> {
    this.specs.set(id, { source: model, meta });
    this.loaded.delete(id);
    return (await this.ensureLoaded(id)).info;
  }

  /**
   * Open a zoo preset or an ONNX file *in the worker* (build, analysis, taps, CAM head happen there,
   * off the calling thread, and no model bytes are copied across).
   */
  async open(id: string, target: ModelTarget, opts: { saliency?: boolean } = {}): Promise<OpenedModel> {
    this.specs.set(id, { target, saliency: opts.saliency ?? true });
    this.loaded.delete(id);
    return this.ensureLoaded(id);
  }

  async unload(id: string): Promise<void> {
    this.specs.delete(id);
    if (this.loaded.delete(id) && this.channel) await this.call({ op: 'unload', modelId: id }, `unloading ${id}`);
  }

  /** The load result of a model (provider, fallbacks, first run), loading it into a fresh worker if needed. */
  async info(id: string): Promise<LoadInfo> {
    return (await this.ensureLoaded(id)).info;
  }

  /** Send each `PhotoRef` to the worker once (per worker): every send is queued before any is awaited. */
  private async sendPhotos(images: readonly ServiceImage[], signal?: AbortSignal): Promise<void> {
    const sends: Promise<void>[] = [];
    for (const img of images) {
      if (!isPhotoRef(img)) continue;
      let p = this.sent.get(img.photoId);
      if (!p) {
        const map = this.sent;
        const send = this.call<void>({ op: 'putPhoto', photoId: img.photoId, bytes: img.bytes }, 'sending a photo');
        map.set(img.photoId, send);
        send.catch(() => map.get(img.photoId) === send && map.delete(img.photoId));
        p = send;
      }
      sends.push(p);
    }
    if (signal?.aborted) throw new CancelledError();
    await Promise.all(sends);
  }

  /**
   * A photo just handed to the caller (an upload): its bytes go to the worker now, and the worker
   * decodes and preprocesses it for every model it has loaded while the caller does other work
   * (the Api makes the preview), so the predictions that follow start with their inputs ready.
   * Nothing is started for a worker not running yet; failures are left to the requests that follow.
   */
  prefetch(image: PhotoRef): void {
    const ids = [...this.loaded.keys()];
    if (!ids.length || !this.channel?.alive()) return;
    this.sendPhotos([image]).catch(() => undefined);
    this.call({ op: 'prepare', image: onWire(image), modelIds: ids }, 'preparing a photo').catch(() => undefined);
  }

  /**
   * A call naming photos by id, for a model whose load may still be queued (`load`): the photos and
   * the call are queued in the worker right behind that load (not after every load queued meanwhile),
   * so with five models opening at once each one's result comes back as soon as that model is ready.
   * A failed load is the call's error; a photo the worker no longer holds is sent again and the call
   * retried once.
   */
  private async withPhotos<T>(
    images: readonly ServiceImage[],
    signal: AbortSignal | undefined,
    load: Promise<unknown>,
    call: (wire: ImageSource[], queuedBehind: Promise<unknown>) => Promise<T>,
  ): Promise<T> {
    load.catch(() => undefined);
    const sending = this.sendPhotos(images, signal);
    sending.catch(() => undefined);
    const wire = images.map(onWire);
    const run = call(wire, load);
    run.catch(() => undefined);
    await load;
    await sending;
    try {
      return await run;
    } catch (e) {
      if (!(e instanceof Error) || e.name !== 'PhotoMissingError') throw e;
      for (const img of images) if (isPhotoRef(img)) this.sent.delete(img.photoId);
      await this.sendPhotos(images, signal);
      return call(wire, Promise.resolve());
    }
  }

  /**
   * The batched run: every photo through model `id`, one `PhotoResult` per photo (a raw tensor: per
   * batch image), in order. Photos the worker ran before are read from its cache; the others run
   * together (up to 32 per inference). Predictions over many photos and statistics use this.
   */
  async results(
    id: string,
    images: readonly ServiceImage[],
    opts: RequestOptions & { top?: number; attention?: boolean; saliency?: boolean } = {},
  ): Promise<PhotoResult[]> {
    return this.withPhotos(images, opts.signal, this.ensureModel(id, opts.signal), (wire, queuedBehind) =>
      this.call<PhotoResult[]>(
        {
          op: 'results',
          modelId: id,
          images: wire,
          top: opts.top ?? 5,
          logits: !!opts.logits,
          attention: !!opts.attention,
          ...(opts.saliency ? { saliency: true } : {}),
        },
        opts.attention ? `reading attention of ${id}` : `predicting with ${id}`,
        opts.signal,
        queuedBehind,
      ),
    );
  }

  /** Top-k of the first photo (of a raw tensor: its first image). */
  async predict(
    id: string,
    image: ServiceImage,
    opts: RequestOptions & { top?: number } = {},
  ): Promise<ModelPrediction & { logits?: Float32Array }> {
    return prediction((await this.results(id, [image], opts))[0]!);
  }

  /** Every block's attention of the first photo, read from the same inference as its prediction. */
  async attention(
    id: string,
    image: ServiceImage,
    opts: RequestOptions = {},
  ): Promise<AttentionResponse & { logits?: Float32Array }> {
    return (await this.attentionAll(id, image, opts))[0]!;
  }

  /** Attention per image (a raw tensor's batch: one response per image). */
  async attentionAll(
    id: string,
    image: ServiceImage,
    opts: RequestOptions = {},
  ): Promise<(AttentionResponse & { logits?: Float32Array })[]> {
    const results = await this.results(id, [image], { ...opts, attention: true });
    return results.map((r) => ({
      model: r.model,
      blocks: r.attention ?? ([] as AttentionBlock[]),
      ...(r.logits ? { logits: r.logits } : {}),
    }));
  }

  /** The class activation map of `classIndex` (default: the top class), from the cached features. */
  async saliency(
    id: string,
    image: ServiceImage,
    opts: RequestOptions & { classIndex?: number } = {},
  ): Promise<SaliencyMap> {
    return this.withPhotos([image], opts.signal, this.ensureModel(id, opts.signal), ([wire], queuedBehind) =>
      this.call<SaliencyMap>(
        { op: 'saliency', modelId: id, image: wire!, classIndex: opts.classIndex },
        `computing saliency of ${id}`,
        opts.signal,
        queuedBehind,
      ),
    );
  }

  /** The worker's cache counters (tests, the bench): inferences run, hits, bytes held. */
  cacheStats(): Promise<CacheStats> {
    return this.call<CacheStats>({ op: 'cacheStats' }, 'reading cache counters');
  }

  /** Tests: make the worker die the way a native crash would (needs `debug: true`). */
  debugCrash(how: CrashHow): Promise<void> {
    return this.call({ op: 'crash', how }, `crashing on purpose (${how})`);
  }

  /**
   * Change the execution providers (the UI's setting): the worker is replaced and every model is
   * reloaded on its next request. Requests in flight are cancelled.
   */
  async setProviders(providers: ProviderName[] | undefined): Promise<void> {
    this.opts.providers = providers;
    await this.dispose();
  }

  /** Stop the worker. Loaded models are remembered: a later request starts a fresh worker. */
  async dispose(): Promise<void> {
    await this.drop(() => new CancelledError('inference service closed'))?.kill();
  }
}
