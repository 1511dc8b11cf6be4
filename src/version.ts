/**
 * Package version, reported in `User-Agent` and `build_info` (SPEC §10.1, §12.2).
 *
 * @module
 */

/** The package version (kept equal to `deno.json`'s `version` by a test). */
export const VERSION: string = "0.1.0";
