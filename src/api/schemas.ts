/**
 * zod schemas for the arguments of every Api method (`contract.ts`), shared by both adapters:
 * the Electron IPC handlers (main/) and the serve-mode HTTP server validate what a page sends
 * with `validateArgs` before anything in src/api sees it. Objects are strict (unknown keys are
 * refused); a compile-time check below fails when the contract and these schemas drift apart.
 */
import type * as Zod from 'zod';
import { lazyRequire } from '../platform/lazy-require.js';
import type { Api, ApiMethod } from './contract.js';
import { UserError } from '../common/errors.js';

const zod = lazyRequire<typeof Zod>('zod');

/** Largest file accepted as an upload (bytes before base64; its base64 must fit a V8 string). */
export const MAX_UPLOAD_BYTES = 256 * 1024 * 1024;
const MAX_UPLOAD_BASE64 = Math.ceil(MAX_UPLOAD_BYTES / 3) * 4;

// Control characters (NUL included) never belong in an id, a name or a path.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;
const noControl = (s: string) => !CONTROL.test(s);

/**
 * Every schema, made on first use: zod loads in ~120 ms, which `splitlens serve` paid before it
 * could listen; now the first request pays it, while the worker is still opening models.
 */
function makeSchemas(z: typeof Zod.z) {
  /** Model, image and task ids: short printable strings minted by the core. */
  const idSchema = z.string().min(1).max(200).refine(noControl, 'must not contain control characters');

  /** A block's timm module path, e.g. `layer3.2` (letters, digits and `._-:/`). */
  const blockNameSchema = z
    .string()
    .min(1)
    .max(200)
    .regex(/^[A-Za-z0-9_.:/-]+$/, 'must be a module path like layer3.2');

  /** An ONNX node name, e.g. `/layer3/layer3.2/conv2/Conv` (any printable text). */
  const opNameSchema = z.string().min(1).max(1000).refine(noControl, 'must not contain control characters');

  /** An absolute file path: POSIX `/…`, Windows `C:\…` or a UNC `\\server\…`. */
  const absolutePathSchema = z
    .string()
    .min(1)
    .max(4096)
    .refine(noControl, 'must not contain control characters')
    .refine((p) => /^(\/|[A-Za-z]:[\\/]|\\\\[^\\])/.test(p), 'must be an absolute path');

  /** A file name shown to the user: no folders, no control characters. */
  const fileNameSchema = z
    .string()
    .min(1)
    .max(255)
    .refine(noControl, 'must not contain control characters')
    .refine((n) => !/[\\/]/.test(n), 'must be a file name without folders');

  const base64Schema = z
    .string()
    .max(MAX_UPLOAD_BASE64, `is larger than ${MAX_UPLOAD_BYTES / 1024 / 1024} MiB`)
    .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'must be base64');

  /** An upload's raw bytes (structured clone over IPC, a packed binary body in serve mode). */
  const uploadBytesSchema = z.custom<Uint8Array>(
    (v) => v instanceof Uint8Array && v.byteLength <= MAX_UPLOAD_BYTES,
    `must be the file's bytes, at most ${MAX_UPLOAD_BYTES / 1024 / 1024} MiB`,
  );

  const fileSourceSchema = z.discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('path'), path: absolutePathSchema }),
    z.strictObject({ kind: z.literal('upload'), name: fileNameSchema, base64: base64Schema }),
    z.strictObject({ kind: z.literal('bytes'), name: fileNameSchema, bytes: uploadBytesSchema }),
  ]);

  const themeSchema = z.enum(['light', 'dark']);

  const diagramRequestSchema = z.strictObject({
    modelId: idSchema,
    expand: z.union([z.literal('all'), z.literal('none'), z.array(blockNameSchema).max(10_000)]).optional(),
  });

  const exportRequestSchema = diagramRequestSchema.extend({
    theme: themeSchema.optional(),
    imageId: idSchema.optional(),
    title: z.string().max(500).optional(),
  });

  const predictRequestSchema = z.strictObject({
    imageId: idSchema,
    modelIds: z.array(idSchema).max(64).optional(),
    top: z.number().int().min(1).max(1000).optional(),
    taskId: idSchema.optional(),
    with: z
      .array(z.enum(['attention', 'saliency']))
      .max(2)
      .optional(),
  });

  const imageModelRequestSchema = z.strictObject({ imageId: idSchema, modelId: idSchema });

  const saliencyRequestSchema = imageModelRequestSchema.extend({
    classIndex: z.number().int().min(0).max(1_000_000).optional(),
  });

  const predictManyRequestSchema = z.strictObject({
    imageIds: z.array(idSchema).min(1).max(10_000),
    modelIds: z.array(idSchema).max(64).optional(),
    top: z.number().int().min(1).max(1000).optional(),
    taskId: idSchema.optional(),
  });

  const pullWeightsRequestSchema = z.strictObject({ modelId: idSchema, taskId: idSchema.optional() });

  const statsRunRequestSchema = z.strictObject({
    imageIds: z.array(idSchema).min(1).max(10_000),
    modelIds: z.array(idSchema).min(1).max(64).optional(),
    taskId: idSchema.optional(),
  });

  const scaleRunRequestSchema = statsRunRequestSchema.extend({
    zooms: z.array(z.number().min(1).max(8)).min(1).max(16).optional(),
  });

  const variantRequestSchema = z.strictObject({
    base: idSchema.optional(),
    timmSpec: z.record(z.string(), z.unknown()).optional(),
    label: z.string().min(1).max(120).refine(noControl, 'must not contain control characters').optional(),
    edits: z
      .strictObject({
        cardinality: z.number().int().optional(),
        radix: z.number().int().optional(),
        baseWidth: z.number().int().optional(),
        layers: z.array(z.number().int()).max(8).optional(),
        attention: z.enum(['none', 'se', 'eca', 'sk', 'splat']).optional(),
        stem: z.enum(['plain', 'deep']).optional(),
        avgDown: z.boolean().optional(),
        avd: z.enum(['none', 'before', 'after']).optional(),
      })
      .optional(),
  });

  /** The argument list of each Api method, as a tuple schema. */
  const args = {
    info: z.tuple([]),
    listModels: z.tuple([]),
    openModel: z.tuple([fileSourceSchema]),
    inspectCheckpoint: z.tuple([fileSourceSchema]),
    openCheckpoint: z.tuple([
      z.strictObject({ source: fileSourceSchema, timmSpec: z.record(z.string(), z.unknown()).optional() }),
    ]),
    closeModel: z.tuple([idSchema]),
    analyze: z.tuple([idSchema]),
    blockOps: z.tuple([idSchema, blockNameSchema]),
    opWeights: z.tuple([idSchema, opNameSchema]),
    diagram: z.tuple([diagramRequestSchema]),
    exportSvg: z.tuple([exportRequestSchema]),
    sampleImages: z.tuple([]),
    openImage: z.tuple([fileSourceSchema]),
    predict: z.tuple([predictRequestSchema]),
    attention: z.tuple([imageModelRequestSchema]),
    predictMany: z.tuple([predictManyRequestSchema]),
    saliency: z.tuple([saliencyRequestSchema]),
    pullWeights: z.tuple([pullWeightsRequestSchema]),
    cancel: z.tuple([idSchema]),
    statsRun: z.tuple([statsRunRequestSchema]),
    scaleRun: z.tuple([scaleRunRequestSchema]),
    listPresets: z.tuple([]),
    defineVariant: z.tuple([variantRequestSchema]),
    pinVariant: z.tuple([variantRequestSchema]),
    unpinVariant: z.tuple([idSchema]),
    measureLatency: z.tuple([
      z.strictObject({
        variant: variantRequestSchema,
        runs: z.number().int().min(1).max(100).optional(),
        taskId: idSchema.optional(),
      }),
    ]),
    exportVariant: z.tuple([
      z.strictObject({
        variant: variantRequestSchema,
        format: z.enum(['onnx', 'onnx-stripped', 'svg']),
        theme: themeSchema.optional(),
      }),
    ]),
  } as const satisfies Record<ApiMethod, Zod.z.ZodTuple>;
  return { args, absolutePath: absolutePathSchema, base64: base64Schema };
}

type ApiSchemas = ReturnType<typeof makeSchemas>;
let schemas: ApiSchemas | undefined;

/** The schemas: `args` (each Api method's argument list), `absolutePath`, `base64`. */
export function apiSchemas(): ApiSchemas {
  return (schemas ??= makeSchemas(zod().z));
}

/** The validated arguments of `method`, typed like the contract's parameters. */
export type ApiArgs<M extends ApiMethod> = Parameters<Api[M]>;

/** Where an issue sits, e.g. `argument 1 .expand[3]`. */
function issuePath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return 'arguments';
  const [index, ...rest] = path;
  const tail = rest.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('');
  return `argument ${Number(index) + 1}${tail ? ' ' + tail : ''}`;
}

/**
 * Checks the arguments of one Api call and returns them parsed. Throws a UserError with one line
 * (`invalid arguments for predict: argument 1 .top: …`) on anything else, including an unknown
 * method or the wrong number of arguments.
 */
export function validateArgs(method: ApiMethod, args: unknown[]): unknown[] {
  const apiArgSchemas = apiSchemas().args;
  if (!Object.hasOwn(apiArgSchemas, method)) throw new UserError(`unknown Api method: ${String(method).slice(0, 60)}`);
  if (!Array.isArray(args)) throw new UserError(`invalid arguments for ${method}: expected an argument list`);
  const schema: Zod.z.ZodTuple = apiArgSchemas[method];
  const arity = schema.def.items.length;
  if (args.length !== arity) {
    throw new UserError(
      `invalid arguments for ${method}: expected ${arity} argument${arity === 1 ? '' : 's'}, got ${args.length}`,
    );
  }
  const result = schema.safeParse(args);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const message = issue.message.split('\n')[0]!;
  throw new UserError(`invalid arguments for ${method}: ${issuePath(issue.path)}: ${message}`);
}

// Compile-time: each schema's output is exactly the contract's parameter list (a field added to
// the contract without a schema, or the other way round, is a type error here).
type Equals<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type Drift = {
  [M in ApiMethod]: Equals<Zod.z.output<ApiSchemas['args'][M]>, ApiArgs<M>> extends true ? never : M;
}[ApiMethod];
const schemasMatchContract: [Drift] extends [never] ? true : Drift = true;
void schemasMatchContract;
