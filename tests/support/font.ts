/**
 * Whether a font file for PNG rendering (SPEC §15.4) exists on this machine. CI installs
 * Debian's `fonts-dejavu-core` (`.ci/run`); on a machine without any font package the tests
 * that render PNG text are skipped, never silently passed, and under `CI=true` they run (and
 * fail) regardless.
 */
import { FONT_CANDIDATES } from "../../src/chart/png.ts";

function exists(path: string): boolean {
  try {
    return Deno.statSync(path).isFile;
  } catch {
    return false;
  }
}

/** True when one of the usual font files exists. */
export const FONT_AVAILABLE: boolean = FONT_CANDIDATES.some(exists);

/** `ignore` value for tests that need a real font file. */
export const NO_FONT_SKIP: boolean = !FONT_AVAILABLE && !Deno.env.get("CI");
