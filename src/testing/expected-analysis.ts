/**
 * What `splitlens analyze` must recover for every fixture model (fixtures/meta/expected_analysis.json),
 * as a module with no Node import, so the renderer's tests can use it too.
 */
import expected from '../../fixtures/meta/expected_analysis.json' with { type: 'json' };

export const EXPECTED_ANALYSIS = expected;
