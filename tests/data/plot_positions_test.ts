import assert from "node:assert/strict";
import {
  aggregateValue,
  clipSeries,
  estimatePlotPoints,
  plotPositions,
  spliceWindowSeries,
} from "../../src/data/plot_positions.ts";
import { foldPositionRows } from "../../src/data/positions.ts";
import type { GreptimeClient } from "../../src/greptime/types.ts";
import { addr, hm, startScenario } from "../support/scenario.ts";

const A = addr("a");
const B = addr("b");

/** A client that must not be used. */
const NO_DB: GreptimeClient = {
  query: () => Promise.reject(new Error("unexpected query")),
  execute: () => Promise.reject(new Error("unexpected execute")),
  tableColumns: () => Promise.reject(new Error("unexpected tableColumns")),
  ping: () => Promise.reject(new Error("unexpected ping")),
} as unknown as GreptimeClient;

Deno.test("clipSeries() keeps the closed range", () => {
  const s = { tsMs: [1, 2, 3, 4], values: [10, 20, 30, 40] };
  assert.deepEqual(clipSeries(s, 2, 3), { tsMs: [2, 3], values: [20, 30] });
  assert.deepEqual(clipSeries(s, 5, 9), { tsMs: [], values: [] });
});

Deno.test("spliceWindowSeries() keeps the window's own V inside the window", async (t) => {
  const outer = { tsMs: [0, 5, 10, 15, 20], values: [1, 2, 3, 4, 5] };
  const win = { tsMs: [5, 10, 15], values: [20, 30, 40] };
  const cases: {
    name: string;
    window: { startMs: number; endMs: number; startExclusive?: boolean };
    plot: { startMs: number; endMs: number };
    inner?: { tsMs: number[]; values: number[] };
    want: { tsMs: number[]; values: number[] };
  }[] = [
    {
      name: "before and after",
      window: { startMs: 5, endMs: 15 },
      plot: { startMs: 0, endMs: 20 },
      want: { tsMs: [0, 5, 10, 15, 20], values: [1, 20, 30, 40, 5] },
    },
    {
      name: "clipped to the plot range",
      window: { startMs: 5, endMs: 15 },
      plot: { startMs: 0, endMs: 10 },
      want: { tsMs: [0, 5, 10], values: [1, 20, 30] },
    },
    {
      name: "right_open keeps the outer point at t0",
      window: { startMs: 5, endMs: 15, startExclusive: true },
      plot: { startMs: 0, endMs: 15 },
      inner: { tsMs: [10, 15], values: [30, 40] },
      want: { tsMs: [0, 5, 10, 15], values: [1, 2, 30, 40] },
    },
  ];
  for (const c of cases) {
    await t.step(c.name, () => {
      assert.deepEqual(spliceWindowSeries(outer, c.inner ?? win, c.window, c.plot), c.want);
    });
  }
});

Deno.test("estimatePlotPoints() extrapolates the window's density", async (t) => {
  const ts = Array.from({ length: 11 }, (_, i) => 100 + 10 * i); // 100..200, one per 10 ms
  const w = { startMs: 100, endMs: 200 };
  const cases: [string, { startMs: number; endMs: number }, number | null][] = [
    ["same range", { startMs: 100, endMs: 200 }, 11],
    ["100 ms before", { startMs: 0, endMs: 200 }, 21],
    ["before and after", { startMs: 50, endMs: 250 }, 21],
    ["inside", { startMs: 150, endMs: 200 }, 6],
  ];
  for (const [name, plot, want] of cases) {
    await t.step(name, () => assert.equal(estimatePlotPoints(ts, w, plot), want));
  }
  await t.step("fewer than two points → null", () => {
    assert.equal(estimatePlotPoints([100], w, { startMs: 0, endMs: 200 }), null);
    assert.equal(estimatePlotPoints([100, 100], w, { startMs: 0, endMs: 200 }), null);
  });
});

Deno.test("aggregateValue() sums each wallet's latest snapshot (§5.5)", () => {
  const data = foldPositionRows([
    { ts: 1, wallet_address: B, usd_value: 5, price_usd: 1 },
    { ts: 2, wallet_address: A, usd_value: 2, price_usd: 1 },
    { ts: 3, wallet_address: B, usd_value: 7, price_usd: 1 },
  ]);
  assert.deepEqual(aggregateValue(data), { tsMs: [1, 2, 3], values: [5, 7, 9] });
});

Deno.test("plotPositions() inside the window clips without a query", async () => {
  const res = await plotPositions(NO_DB, {
    table: "liqwid_supply_positions_x",
    window: { startMs: 0, endMs: 30 },
    plot: { startMs: 10, endMs: 30 },
    windowSeries: { tsMs: [0, 10, 20, 30], values: [1, 2, 3, 4] },
    serverDownsample: true,
    maxPoints: 100,
    binSeconds: 60,
  });
  assert.deepEqual(res, {
    positions: { tsMs: [10, 20, 30], values: [2, 3, 4] },
    serverDownsample: null,
  });
});

Deno.test("plotPositions() beyond the window with too many points leaves a server request", async () => {
  const windowSeries = {
    tsMs: Array.from({ length: 101 }, (_, i) => 1000 + i),
    values: Array.from({ length: 101 }, (_, i) => i),
  };
  const res = await plotPositions(NO_DB, {
    table: "liqwid_supply_positions_x",
    window: { startMs: 1000, endMs: 1100 },
    plot: { startMs: 900, endMs: 1100 },
    windowSeries,
    serverDownsample: true,
    maxPoints: 150,
    binSeconds: 60,
  });
  assert.deepEqual(res.positions, windowSeries);
  assert.deepEqual(res.serverDownsample, {
    table: "liqwid_supply_positions_x",
    startMs: 900,
    endMs: 1100,
    binSeconds: 60,
    estimatedPoints: 201,
  });
});

Deno.test("plotPositions() reads raw positions of the plot range otherwise", async (t) => {
  // Hourly snapshots of two wallets for 10 hours; the window is the last 4 hours.
  const positions = [];
  for (let h = 0; h < 10; h++) {
    positions.push({ ts: hm(h), wallet: A, usd: 100 + h });
    if (h < 8) positions.push({ ts: hm(h), wallet: B, usd: 50 });
  }
  const sc = await startScenario([{ positions }]);
  try {
    // The evaluation's V over the window (B stopped before it; its value is not carried in).
    const windowSeries = { tsMs: [6, 7, 8, 9].map((h) => hm(h)), values: [1, 2, 3, 4] };
    const base = {
      table: "liqwid_supply_positions_x",
      window: { startMs: hm(6), endMs: hm(9) },
      plot: { startMs: hm(2), endMs: hm(9) },
      windowSeries,
      maxPoints: 100,
      binSeconds: 3600,
    };
    for (const serverDownsample of [false, true]) {
      await t.step(`server_downsample ${serverDownsample}, few points`, async () => {
        const res = await plotPositions(sc.client, { ...base, serverDownsample });
        assert.equal(res.serverDownsample, null);
        assert.deepEqual(res.positions, {
          tsMs: [2, 3, 4, 5, 6, 7, 8, 9].map((h) => hm(h)),
          values: [152, 153, 154, 155, 1, 2, 3, 4],
        });
      });
    }
    await t.step("server_downsample off with many points still reads raw", async () => {
      const res = await plotPositions(sc.client, {
        ...base,
        serverDownsample: false,
        maxPoints: 1,
      });
      assert.equal(res.serverDownsample, null);
      assert.equal(res.positions.tsMs.length, 8);
    });
  } finally {
    await sc.close();
  }
});
