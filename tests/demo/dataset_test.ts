import assert from "node:assert/strict";
import {
  createDemoDataset,
  DEMO_REFERENCE_MEMO,
  DEMO_WALLETS,
  type DemoDataset,
  type DemoTable,
  mulberry32,
} from "../../src/demo/mod.ts";

const A = Date.UTC(2025, 0, 21, 14);
const H = 3_600_000;
const ds: DemoDataset = await createDemoDataset({ anchorMs: A });

function table(db: string, name: string): DemoTable {
  const t = ds.databases[db].find((t) => t.name === name);
  if (!t) throw new Error(`missing ${db}.${name}`);
  return t;
}

function col(t: DemoTable, row: unknown[], name: string): unknown {
  return row[t.columns.findIndex((c) => c.name === name)];
}

async function sha256Hex(text: string): Promise<string> {
  const d = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return [...new Uint8Array(d)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

Deno.test("createDemoDataset() has the §18.3 tables and column layouts", () => {
  assert.deepEqual(ds.databases.liqwid.map((t) => t.name).sort(), [
    "liqwid_deposits_djed",
    "liqwid_deposits_usdm",
    "liqwid_deposits_wanusdc",
    "liqwid_deposits_wanusdt",
    "liqwid_supply_positions_djed",
    "liqwid_supply_positions_usdm",
    "liqwid_supply_positions_wanusdc",
    "liqwid_supply_positions_wanusdt",
    "liqwid_withdrawals_djed",
    "liqwid_withdrawals_usdm",
    "liqwid_withdrawals_wanusdc",
    "liqwid_withdrawals_wanusdt",
  ]);
  assert.deepEqual(
    table("liqwid", "liqwid_supply_positions_djed").columns.map((c) => c.name),
    ["ts", "wallet_address", "usd_value", "underlying_units", "price_usd", "market_id"],
  );
  assert.deepEqual(
    table("liqwid", "liqwid_withdrawals_djed").columns.map((c) => c.name),
    ["ts", "tx_hash", "wallet_address", "market_id", "amount", "notes", "created_at"],
  );
  assert.deepEqual(ds.databases.minswap.map((t) => t.name), [
    "minswap_prices_djed",
    "minswap_prices_usdm",
    "minswap_prices_wanusdc",
    "minswap_prices_wanusdt",
  ]);
});

Deno.test("createDemoDataset() writes one row per wallet holding units per hourly snapshot", async (t) => {
  const cases: [string, number[]][] = [
    ["djed", [0, 1, 2]],
    ["usdm", [0, 1]],
    ["wanusdc", [0, 2]],
    ["wanusdt", [1, 2]],
  ];
  for (const [asset, wallets] of cases) {
    await t.step(asset, () => {
      const p = table("liqwid", `liqwid_supply_positions_${asset}`);
      assert.equal(p.rows.length, 720 * wallets.length);
      const ts = [...new Set(p.rows.map((r) => r[0] as number))];
      assert.equal(ts.length, 720);
      assert.equal(ts[0], A - 719 * H);
      assert.equal(ts[719], A);
      assert.deepEqual(
        p.rows.slice(0, wallets.length).map((r) => col(p, r, "wallet_address")),
        wallets.map((w) => DEMO_WALLETS[w]),
      );
      assert.ok(p.rows.every((r) => col(p, r, "market_id") === asset.toUpperCase()));
      assert.equal(table("minswap", `minswap_prices_${asset}`).rows.length, 720);
    });
  }
});

Deno.test("createDemoDataset() leaves usd_value NULL exactly when k mod 97 = 13", () => {
  const p = table("liqwid", "liqwid_supply_positions_djed");
  const nullKs = new Set<number>();
  for (const r of p.rows) {
    const k = ((r[0] as number) - (A - 719 * H)) / H;
    const usd = col(p, r, "usd_value");
    if (usd === null) nullKs.add(k);
    else {
      const expected = (col(p, r, "underlying_units") as number) *
        (col(p, r, "price_usd") as number);
      assert.ok(Math.abs((usd as number) - expected) < 1e-9);
    }
  }
  assert.deepEqual([...nullKs], [13, 110, 207, 304, 401, 498, 595, 692]);
  assert.equal(p.rows.filter((r) => col(p, r, "usd_value") === null).length, 8 * 3);
});

Deno.test("createDemoDataset() scales wanusdt's last two usd_value by 1.02", () => {
  const p = table("liqwid", "liqwid_supply_positions_wanusdt");
  const ratio = (r: unknown[]): number =>
    (col(p, r, "usd_value") as number) /
    ((col(p, r, "underlying_units") as number) * (col(p, r, "price_usd") as number));
  const last = p.rows.filter((r) => r[0] === A);
  assert.equal(last.length, 2);
  for (const r of last) assert.ok(Math.abs(ratio(r) - 1.02) < 1e-12);
  for (const r of p.rows.filter((r) => r[0] === A - H)) assert.ok(Math.abs(ratio(r) - 1) < 1e-12);
});

Deno.test("createDemoDataset() prices follow the §18.3 formula", () => {
  const p = table("liqwid", "liqwid_supply_positions_djed");
  const m = table("minswap", "minswap_prices_djed");
  // k = 0: sin term 0, drift 0, R1 = first mulberry32(1) draw (the §18.3 check value).
  const price0 = 1 + 0.0004 + 0.0003 * (2 * 0.6270739405881613 - 1);
  assert.ok(Math.abs((col(p, p.rows[0], "price_usd") as number) - price0) < 1e-15);
  const r2 = mulberry32(101)();
  assert.ok(Math.abs((m.rows[0][1] as number) - price0 * (1 + 0.0002 * (2 * r2 - 1))) < 1e-15);
  // usdm drifts by −0.01 over the window.
  const u = table("liqwid", "liqwid_supply_positions_usdm");
  const first = col(u, u.rows[0], "price_usd") as number;
  const last = col(u, u.rows[u.rows.length - 1], "price_usd") as number;
  assert.ok(last - first < -0.008 && last - first > -0.012);
});

Deno.test("createDemoDataset() compounds units and applies transactions one snapshot later", () => {
  const p = table("liqwid", "liqwid_supply_positions_djed");
  const g = 1.06 ** (1 / 8760);
  const units = (k: number, w: number): number => {
    const r = p.rows.find((r) => r[0] === A - (719 - k) * H && r[1] === DEMO_WALLETS[w]);
    return col(p, r!, "underlying_units") as number;
  };
  assert.equal(units(0, 0), 20000);
  assert.ok(Math.abs(units(100, 1) - 8000 * g ** 100) < 1e-6);
  assert.ok(Math.abs(units(101, 1) - (8000 * g ** 101 + 2000)) < 1e-6);
  assert.ok(Math.abs(units(481, 0) - (units(480, 0) * g - 800)) < 1e-6);
});

Deno.test("createDemoDataset() writes the transactions of the §18.3 table", async () => {
  const w = table("liqwid", "liqwid_withdrawals_djed");
  const d = table("liqwid", "liqwid_deposits_djed");
  assert.equal(d.rows.length, 2);
  assert.deepEqual(
    w.rows.map((r) => [
      col(w, r, "ts"),
      col(w, r, "wallet_address"),
      col(w, r, "amount"),
      col(w, r, "notes"),
      col(w, r, "tx_hash"),
    ]),
    [
      [
        A - 519 * H + 20 * 60_000,
        DEMO_WALLETS[0],
        1000,
        "manual rebalance",
        await sha256Hex("demo:djed:200:wd"),
      ],
      [
        A - 239 * H + 20 * 60_000,
        DEMO_WALLETS[0],
        800,
        DEMO_REFERENCE_MEMO,
        await sha256Hex("demo:djed:480:wd"),
      ],
    ],
  );
  const ut = table("liqwid", "liqwid_withdrawals_wanusdt");
  assert.deepEqual(ut.rows.map((r) => col(ut, r, "notes")), [DEMO_REFERENCE_MEMO, ""]);
  const counts = ["djed", "usdm", "wanusdc", "wanusdt"].map((a) => [
    table("liqwid", `liqwid_deposits_${a}`).rows.length,
    table("liqwid", `liqwid_withdrawals_${a}`).rows.length,
  ]);
  assert.deepEqual(counts, [[2, 2], [1, 2], [2, 1], [1, 2]]);
});

Deno.test("createDemoDataset() is deterministic and rejects a non-integer anchor", async () => {
  const again = await createDemoDataset({ anchorMs: A });
  assert.deepEqual(again, ds);
  await assert.rejects(createDemoDataset({ anchorMs: 1.5 }), RangeError);
});
