/**
 * How large a request may be, per Api method, and how long a client may take to send it. Only the
 * methods that carry a file are allowed a large body; every other call is a few hundred bytes of
 * JSON, so 1 MiB is generous and a body bomb sent to them is refused from its Content-Length.
 */
import type { ApiMethod } from '../common/api-methods.js';
import { MAX_UPLOAD_BYTES } from '../api/schemas.js';

export interface BodyLimits {
  /** Every method that carries no file. */
  small: number;
  /** openModel, inspectCheckpoint, openCheckpoint: a model or checkpoint upload. */
  upload: number;
  /** openImage: a photo (kept separate: its route and limit change on their own). */
  image: number;
}

const MiB = 2 ** 20;
/** A file of `bytes` as base64 inside the JSON arguments, plus room for the name and the brackets. */
const base64Body = (bytes: number): number => Math.ceil(bytes / 3) * 4 + 64 * 1024;

/** Photos over 64 MiB are refused by `Api.openImage` anyway. */
export const MAX_IMAGE_UPLOAD_BYTES = 64 * MiB;

export const DEFAULT_BODY_LIMITS: BodyLimits = {
  small: MiB,
  upload: base64Body(MAX_UPLOAD_BYTES),
  image: base64Body(MAX_IMAGE_UPLOAD_BYTES),
};

const UPLOAD_METHODS: ReadonlySet<ApiMethod> = new Set(['openModel', 'inspectCheckpoint', 'openCheckpoint']);

export function bodyLimitFor(method: ApiMethod, limits: BodyLimits): number {
  if (method === 'openImage') return limits.image;
  return UPLOAD_METHODS.has(method) ? limits.upload : limits.small;
}

/**
 * Receiving a whole request (headers and body) may take this long; answering it may take as long
 * as inference needs (Node's requestTimeout stops at the last byte received). A 342 MiB upload
 * over loopback takes a second or two; a client sending one byte at a time is cut off.
 */
export const DEFAULT_REQUEST_TIMEOUT_MS = 120_000;
export const DEFAULT_HEADERS_TIMEOUT_MS = 20_000;
/** Tests and operators: a shorter (or longer) request timeout for `splitlens serve`. */
export const REQUEST_TIMEOUT_ENV = 'SPLITLENS_SERVE_REQUEST_TIMEOUT_MS';

/** The request timeout from the environment, or undefined (the default) when unset or not a positive number. */
export function requestTimeoutFromEnv(env: NodeJS.ProcessEnv = process.env): number | undefined {
  const ms = Number(env[REQUEST_TIMEOUT_ENV]);
  return Number.isFinite(ms) && ms > 0 ? ms : undefined;
}
