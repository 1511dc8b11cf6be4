// Shared helpers for config tests.
import assert from "node:assert/strict";
import { ConfigError } from "../../src/config/errors.ts";
import { parseConfig, type ParseConfigOptions } from "../../src/config/parse.ts";

/** Parses and returns the rendered error lines; fails the test when parsing succeeds. */
export function errorLines(text: string, opts: ParseConfigOptions = {}): string[] {
  try {
    parseConfig(text, { sourceName: "c.yaml", ...opts });
  } catch (e) {
    assert.ok(e instanceof ConfigError, `expected ConfigError, got ${e}`);
    return e.lines();
  }
  assert.fail("expected a ConfigError");
}

/** Joins lines into a YAML document. */
export function yaml(...lines: string[]): string {
  return lines.join("\n") + "\n";
}
