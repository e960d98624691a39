/**
 * Where the reference corpus lives: `fixtures/` at the repository root (provenance in
 * fixtures/README.md). Every test, script and e2e spec resolves fixture paths from here.
 */
import { fileURLToPath } from 'node:url';

/** Absolute path of `fixtures/`, with a trailing slash. */
export const FIXTURES = fileURLToPath(new URL('../../fixtures/', import.meta.url));
