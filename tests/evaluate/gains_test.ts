import assert from "node:assert/strict";
import { compareFlows, computeWalletGains, type Flow } from "../../src/evaluate/mod.ts";

const H = 3_600_000;
const flow = (h: number, usd: number, identity = "i"): Flow => ({
  tsMs: h * H,
  amountUsd: usd,
  kind: usd >= 0 ? "deposit" : "withdrawal",
  identity,
});

Deno.test("computeWalletGains() sums flows on one snapshot and subtracts cumulative flows", () => {
  const w = computeWalletGains({
    address: "a",
    snapshotsTsMs: [1, 2, 3, 4].map((h) => h * H),
    values: [1000, 1100, 1100, 1051],
    flows: [flow(3.5, -50, "w"), flow(1.5, 60, "x"), flow(1.2, 40, "y"), flow(0.5, 7, "z")],
    method: "none",
  });
  assert.deepEqual(w.gains, [0, 0, 0, 1]);
  assert.equal(w.g, 1);
  assert.equal(w.counted, 3);
  assert.equal(w.absorbed, 1);
  assert.equal(w.deferred, 0);
  assert.deepEqual(w.countedFlows.map((f) => f.identity), ["y", "x", "w"]);
  assert.deepEqual(w.countedIndices, [1, 1, 3]);
  assert.equal(w.v_ref, 1000);
  assert.equal(w.v_t1, 1051);
});

Deno.test("computeWalletGains() counts deferred flows and keeps them out of G", () => {
  const w = computeWalletGains({
    address: "a",
    snapshotsTsMs: [H, 2 * H],
    values: [10, 12],
    flows: [flow(3, -300)],
    method: "snap_to_prev_pos",
  });
  assert.equal(w.deferred, 1);
  assert.equal(w.g, 2);
});

Deno.test("computeWalletGains() single snapshot gives G = 0; empty throws", () => {
  const w = computeWalletGains({
    address: "a",
    snapshotsTsMs: [H],
    values: [5],
    flows: [],
    method: "none",
  });
  assert.deepEqual(w.gains, [0]);
  assert.throws(
    () =>
      computeWalletGains({
        address: "a",
        snapshotsTsMs: [],
        values: [],
        flows: [],
        method: "none",
      }),
    RangeError,
  );
});

Deno.test("compareFlows() orders by ts, then deposits first, then identity", () => {
  const a: Flow = { tsMs: 1, amountUsd: -1, kind: "withdrawal", identity: "a" };
  const b: Flow = { tsMs: 1, amountUsd: 1, kind: "deposit", identity: "z" };
  const c: Flow = { tsMs: 1, amountUsd: 1, kind: "deposit", identity: "m" };
  const d: Flow = { tsMs: 0, amountUsd: -1, kind: "withdrawal", identity: "q" };
  assert.deepEqual([a, b, c, d].sort(compareFlows), [d, c, b, a]);
});

Deno.test("computeWalletGains() sum order is deterministic regardless of input order", () => {
  const flows = [
    flow(1.5, 0.1, "a"),
    flow(1.5, 0.2, "b"),
    flow(1.5, 0.3, "c"),
    flow(1.5, -0.6, "d"),
  ];
  const run = (fs: Flow[]) =>
    computeWalletGains({
      address: "a",
      snapshotsTsMs: [H, 2 * H],
      values: [1, 1],
      flows: fs,
      method: "none",
    }).g;
  const g1 = run(flows);
  assert.equal(run([...flows].reverse()), g1);
  assert.equal(run([flows[2], flows[0], flows[3], flows[1]]), g1);
});
