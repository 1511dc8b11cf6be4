import assert from "node:assert/strict";
import { aggregateGains, computeWalletGains } from "../../src/evaluate/mod.ts";

Deno.test("aggregateGains() merges timelines; wallets contribute 0 before their baseline", () => {
  const a = computeWalletGains({
    address: "b",
    snapshotsTsMs: [1, 3, 5],
    values: [10, 11, 12],
    flows: [],
    method: "none",
  });
  const b = computeWalletGains({
    address: "a",
    snapshotsTsMs: [2, 3, 6],
    values: [100, 90, 95],
    flows: [],
    method: "none",
  });
  const agg = aggregateGains([a, b]);
  assert.deepEqual(agg.tsMs, [1, 2, 3, 5, 6]);
  assert.deepEqual(agg.valueUsd, [10, 110, 101, 102, 107]);
  assert.deepEqual(agg.gainUsd, [0, 0, -9, -8, -3]);
  assert.equal(agg.v_ref, 110);
  assert.deepEqual(agg.corrected, [110, 110, 101, 102, 107]);
  assert.equal(agg.v_t1, 107);
  assert.equal(agg.g, -3);
  assert.equal(agg.t1Ms, 6);
  assert.deepEqual(agg.addresses, ["a", "b"]);
});

Deno.test("aggregateGains() sums in ascending address order whatever the input order", () => {
  const mk = (address: string, v: number) =>
    computeWalletGains({
      address,
      snapshotsTsMs: [1, 2],
      values: [0, v],
      flows: [],
      method: "none",
    });
  const ws = [mk("c", 0.3), mk("a", 0.1), mk("b", 0.2)];
  const expected = ((0 + 0.1) + 0.2) + 0.3;
  assert.equal(aggregateGains(ws).g, expected);
  assert.equal(aggregateGains([...ws].reverse()).g, expected);
  assert.equal(aggregateGains(ws).gainUsd[1], expected);
});

Deno.test("aggregateGains() of no wallets is empty", () => {
  const agg = aggregateGains([]);
  assert.deepEqual(agg.tsMs, []);
  assert.equal(agg.g, 0);
  assert.equal(agg.t1Ms, null);
});
