import assert from "node:assert/strict";
import { formatSummaryLine } from "../../src/evaluate/mod.ts";

Deno.test("formatSummaryLine() per §17.3", async (t) => {
  const cases: [
    string,
    { decision: -1 | 0 | 1; wmax_usd: number; wallet_count: number; reason: string | null },
    string,
  ][] = [
    [
      "WITHDRAW_OK, 3 wallets",
      { decision: 1, wmax_usd: 1234.56, wallet_count: 3, reason: null },
      "djed: decision=1, wmax_usd=1234.56 (3 wallets)",
    ],
    [
      "one wallet",
      { decision: 1, wmax_usd: 2, wallet_count: 1, reason: null },
      "djed: decision=1, wmax_usd=2.00 (1 wallet)",
    ],
    ["HOLD with reason", {
      decision: 0,
      wmax_usd: 0,
      wallet_count: 2,
      reason: "non-positive gains since t0 (clamped)",
    }, "djed: decision=0, wmax_usd=0.00 [reason: non-positive gains since t0 (clamped)]"],
    [
      "ERROR",
      { decision: -1, wmax_usd: 0, wallet_count: 0, reason: "error: boom" },
      "djed: decision=-1, wmax_usd=0.00 [reason: error: boom]",
    ],
    [
      "−0 prints 0.00",
      { decision: 0, wmax_usd: -0, wallet_count: 0, reason: "no wallets/data" },
      "djed: decision=0, wmax_usd=0.00 [reason: no wallets/data]",
    ],
    ["toFixed rounding on the binary value", {
      decision: 1,
      wmax_usd: 1.005,
      wallet_count: 2,
      reason: null,
    }, "djed: decision=1, wmax_usd=1.00 (2 wallets)"],
    [
      "rounds half up when exact",
      { decision: 1, wmax_usd: 27.945, wallet_count: 3, reason: null },
      `djed: decision=1, wmax_usd=${(27.945).toFixed(2)} (3 wallets)`,
    ],
  ];
  for (const [name, r, expected] of cases) {
    await t.step(name, () => assert.equal(formatSummaryLine({ asset: "djed", ...r }), expected));
  }
});
