import assert from "node:assert/strict";
import { isGateApplicable } from "../../src/evaluate/mod.ts";

Deno.test("isGateApplicable() per §6.1", async (t) => {
  const cases: [
    string,
    boolean,
    boolean,
    boolean,
    "keyword" | "data_range" | "null" | "unknown",
    boolean,
  ][] = [
    ["enabled, keyword", true, true, true, "keyword", true],
    ["disabled", false, true, true, "keyword", false],
    ["not whitelisted", true, true, false, "keyword", false],
    ["data_range with apply_in_fallback", true, true, true, "data_range", true],
    ["data_range without apply_in_fallback", true, false, true, "data_range", false],
    ["ref_mode null", true, true, true, "null", false],
    ["ref_mode unknown", true, true, true, "unknown", false],
  ];
  for (const [name, enabled, applyInFallback, whitelisted, refMode, expected] of cases) {
    await t.step(name, () => {
      assert.equal(
        isGateApplicable({ enabled, apply_in_fallback: applyInFallback }, { whitelisted, refMode }),
        expected,
      );
    });
  }
});
