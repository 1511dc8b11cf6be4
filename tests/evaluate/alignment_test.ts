import assert from "node:assert/strict";
import { type AlignmentMethod, attributeFlows, type Flow } from "../../src/evaluate/mod.ts";

const H = 3_600_000;
const TS = [1, 2, 3, 4].map((h) => h * H);
const VALUES = [1000, 1001, 1002, 1003];
const dep = (h: number, usd = 10): Flow => ({
  tsMs: h * H,
  amountUsd: usd,
  kind: "deposit",
  identity: `d${h}`,
});

Deno.test("attributeFlows() per method (§5.2)", async (t) => {
  // Flow times: before s_0, exactly s_0, between s_1 and s_2 (closer to s_1), exactly s_2,
  // midway s_2..s_3 (tie), exactly s_m, after s_m.
  const flows = [0.5, 1, 2.25, 3, 3.5, 4, 4.5].map((h) => dep(h));
  const cases: [AlignmentMethod, (number | "deferred")[]][] = [
    ["none", [0, 0, 2, 2, 3, 3, "deferred"]],
    ["snap_to_next_pos", [0, 0, 2, 2, 3, 3, "deferred"]],
    ["right_open", [0, 1, 2, 3, 3, "deferred", "deferred"]],
    ["snap_to_prev_pos", [0, 0, 1, 2, 2, 3, "deferred"]],
    ["snap_to_nearest_pos", [0, 0, 1, 2, 3, 3, "deferred"]],
  ];
  for (const [method, expected] of cases) {
    await t.step(
      method,
      () => assert.deepEqual(attributeFlows(TS, VALUES, flows, method), expected),
    );
  }
});

Deno.test("attributeFlows() defers every flow after the last snapshot under every method", () => {
  for (
    const m of [
      "none",
      "right_open",
      "snap_to_next_pos",
      "snap_to_prev_pos",
      "snap_to_nearest_pos",
      "detect_spike",
    ] as const
  ) {
    assert.deepEqual(attributeFlows(TS, VALUES, [dep(4 + 1e-6)], m), ["deferred"]);
  }
});

Deno.test("attributeFlows() with no snapshots defers and rejects mismatched arrays", () => {
  assert.deepEqual(attributeFlows([], [], [dep(1)], "none"), ["deferred"]);
  assert.throws(() => attributeFlows([1, 2], [1], [], "none"), RangeError);
});
