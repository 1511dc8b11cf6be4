/**
 * The command line (SPEC §17, §18.4): exact output lines, exit codes, located config errors.
 */
import assert from "node:assert/strict";
import { NO_FONT_SKIP } from "./support/font.ts";
import { type CliIo, main } from "../cli.ts";
import { demoConfigInput } from "../src/demo/demo_config.ts";
import { pngSize } from "./support/png_decode.ts";

const HOUR = 3_600_000;
/** Any hour works (§18.4 is identical for any anchor); 30 minutes past it. */
const NOW = Math.floor(Date.UTC(2026, 10, 29, 12) / HOUR) * HOUR + 30 * 60_000;

interface Captured {
  io: CliIo;
  out: string[];
  err: string[];
}

function capture(
  opts: {
    env?: Record<string, string>;
    files?: Record<string, string>;
    stdin?: string;
    nowMs?: number;
  } = {},
): Captured {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    io: {
      stdout: (l) => out.push(l),
      stderr: (l) => err.push(l),
      env: opts.env ?? {},
      readTextFile: (p) => {
        if (opts.files && p in opts.files) return Promise.resolve(opts.files[p]);
        return Deno.readTextFile(p);
      },
      readStdin: () => Promise.resolve(opts.stdin ?? ""),
      now: () => opts.nowMs ?? NOW,
      fetch: globalThis.fetch,
    },
  };
}

Deno.test("main(--once --demo) prints exactly the four lines of §18.4", async () => {
  const c = capture();
  const code = await main(["--once", "--demo"], c.io);
  assert.equal(code, 0);
  assert.deepEqual(c.out, [
    "djed: decision=1, wmax_usd=27.94 (3 wallets)",
    "usdm: decision=0, wmax_usd=0.00 [reason: non-positive gains since t0 (clamped)]",
    "wanusdc: decision=1, wmax_usd=12.61 (2 wallets)",
    "wanusdt: decision=0, wmax_usd=0.00 [reason: residual gate triggered]",
  ]);
  assert.equal(c.err[0], "INFO - Loaded configuration from <demo>");
  assert.match(c.err[1], /^INFO - Initialized GreptimeDB reader: http:\/\/127\.0\.0\.1:\d+$/);
});

Deno.test("main(--once --demo) gives the §18.4 lines for any anchor hour and minute", async (t) => {
  const cases = [
    Date.UTC(2025, 0, 1, 0, 0),
    Date.UTC(2026, 5, 15, 13, 59, 59),
    Date.UTC(2030, 11, 31, 23, 1),
  ];
  for (const nowMs of cases) {
    await t.step(new Date(nowMs).toISOString(), async () => {
      const c = capture({ nowMs });
      assert.equal(await main(["--once", "--demo"], c.io), 0);
      assert.deepEqual(c.out, [
        "djed: decision=1, wmax_usd=27.94 (3 wallets)",
        "usdm: decision=0, wmax_usd=0.00 [reason: non-positive gains since t0 (clamped)]",
        "wanusdc: decision=1, wmax_usd=12.61 (2 wallets)",
        "wanusdt: decision=0, wmax_usd=0.00 [reason: residual gate triggered]",
      ]);
    });
  }
});

Deno.test("main(--once --demo --json) carries full addresses only on the CLI", async () => {
  const c = capture();
  assert.equal(await main(["--once", "--demo", "--json"], c.io), 0);
  const body = JSON.parse(c.out.join("\n"));
  assert.deepEqual(Object.keys(body.decisions), ["djed", "usdm", "wanusdc", "wanusdt"]);
  const djed = body.decisions.djed;
  assert.equal(djed.wallets.length, 3);
  for (const w of djed.wallets) {
    assert.match(w.address, /^addr1q[0-9a-z]{50,}$/);
    assert.equal(w.wallet, `${w.address.slice(0, 8)}...${w.address.slice(-4)}`);
  }
  assert.ok(Math.abs(djed.g_usd - 55.88) < 0.005);
  const wanusdt = body.decisions.wanusdt;
  assert.ok(Math.abs(wanusdt.gate.residual - 398.57) < 0.005);
  assert.ok(Math.abs(2 * wanusdt.gate.sigma - 51.38) < 0.005);
  assert.ok(Math.abs(wanusdt.wmax_computed_usd - 253.66) < 0.005);
  for (const r of Object.values(body.decisions) as { price_compare: { mismatch: boolean } }[]) {
    assert.equal(r.price_compare.mismatch, false);
  }
});

const DEMO_LINES = [
  "djed: decision=1, wmax_usd=27.94 (3 wallets)",
  "usdm: decision=0, wmax_usd=0.00 [reason: non-positive gains since t0 (clamped)]",
  "wanusdc: decision=1, wmax_usd=12.61 (2 wallets)",
  "wanusdt: decision=0, wmax_usd=0.00 [reason: residual gate triggered]",
];

/** The demo configuration as a v2 file (JSON is YAML) with diagnostics files in `dir`. */
function diagnosticsConfigText(dir: string, diagnostics: Record<string, unknown> = {}): string {
  return JSON.stringify({
    ...demoConfigInput(),
    visualization: { diagnostics: { enabled: true, dir, width: 600, height: 500, ...diagnostics } },
    maintenance: { cleanup: { enabled: true, expire_before: "7d" } },
  });
}

async function touch(path: string, mtimeMs: number): Promise<void> {
  await Deno.writeTextFile(path, "x");
  await Deno.utime(path, mtimeMs / 1000, mtimeMs / 1000);
}

Deno.test("main(--once --demo --config) writes the diagnostics PNGs and cleans up once", {
  ignore: NO_FONT_SKIP,
}, async () => {
  const dir = await Deno.makeTempDir({ prefix: "cli_diag_" });
  try {
    await touch(`${dir}/stale.png`, Date.now() - 30 * 24 * HOUR);
    await touch(`${dir}/fresh.png`, Date.now() - HOUR);
    const c = capture({ files: { "diag.yaml": diagnosticsConfigText(dir) } });
    assert.equal(await main(["--once", "--demo", "--config", "diag.yaml"], c.io), 0);
    assert.deepEqual(c.out, DEMO_LINES);
    const names = [...Deno.readDirSync(dir)].map((e) => e.name).sort();
    const charts = names.filter((n) => n.endsWith("_residual_composite.png"));
    assert.equal(charts.length, 4, names.join(", "));
    const stamp = /^djed_(\d{8}_\d{6})_residual_composite\.png$/.exec(charts[0])?.[1];
    assert.ok(stamp, charts[0]);
    assert.deepEqual(
      charts,
      ["djed", "usdm", "wanusdc", "wanusdt"].map((a) => `${a}_${stamp}_residual_composite.png`),
    );
    for (const name of charts) {
      assert.deepEqual(pngSize(await Deno.readFile(`${dir}/${name}`)), { width: 600, height: 500 });
    }
    assert.deepEqual(names.filter((n) => !charts.includes(n)), ["fresh.png"], "stale.png deleted");
    assert.ok(
      c.err.some((l) => /^INFO - Cleanup: deleted 1 files older than /.test(l)),
      c.err.join("\n"),
    );
    assert.ok(!c.err.some((l) => l.startsWith("ERROR")), c.err.join("\n"));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("main(--once) keeps stdout and the exit code when diagnostics files fail", async () => {
  const dir = await Deno.makeTempDir({ prefix: "cli_diag_" });
  try {
    const text = diagnosticsConfigText(dir, { font_file: `${dir}/missing.ttf` });
    const c = capture({ files: { "diag.yaml": text } });
    assert.equal(await main(["--once", "--demo", "--config", "diag.yaml"], c.io), 0);
    assert.deepEqual(c.out, DEMO_LINES);
    const errors = c.err.filter((l) => l.startsWith("ERROR"));
    assert.equal(errors.length, 4, c.err.join("\n"));
    for (const l of errors) {
      assert.match(l, /Diagnostics: cannot write the chart of .*missing\.ttf/);
    }
    assert.deepEqual([...Deno.readDirSync(dir)], []);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("main(--print-config-normalized) needs no database", async () => {
  const c = capture();
  const code = await main([
    "--print-config-normalized",
    "--config",
    "config/orchestrator_config.yaml.example",
  ], c.io);
  assert.equal(code, 0);
  const json = JSON.parse(c.out.join("\n"));
  assert.equal(json._meta.schema, "seed");
  assert.equal(json._meta.source, "config/orchestrator_config.yaml.example");
  assert.deepEqual(json.domain.assets, ["djed", "usdm", "wanusdc", "wanusdt"]);
  assert.equal(json.data.databases.greptime.port, 4000);
});

Deno.test("main() reports three located config errors and exits 1", async () => {
  const yaml = [
    "client:",
    "  greptime:",
    '    host: "http://localhost"',
    "    password_env: ORCH_DB_PASSWORD",
    '  assets: ["djed"]',
    "orchestrator:",
    "  safety_factr:",
    "    c: 0.5",
    "  safety_factor:",
    "    c: 1.5",
    "",
  ].join("\n");
  const c = capture({ files: { "bad.yaml": yaml } });
  const code = await main(["--once", "--config", "bad.yaml"], c.io);
  assert.equal(code, 1);
  const errors = c.err.filter((l) => l.startsWith("config error: "));
  assert.equal(errors.length, 3, c.err.join("\n"));
  assert.ok(
    errors.some((l) =>
      /^config error: bad\.yaml:7:3: orchestrator\.safety_factr: unknown key$/.test(l)
    ),
    errors.join("\n"),
  );
  assert.ok(
    errors.some((l) =>
      /^config error: bad\.yaml:10:8: orchestrator\.safety_factor\.c: must be in \(0, 1\], got 1\.5$/
        .test(l)
    ),
    errors.join("\n"),
  );
  assert.ok(
    errors.some((l) =>
      /bad\.yaml:4:\d+: .*password.*environment variable ORCH_DB_PASSWORD not set/.test(l)
    ),
    errors.join("\n"),
  );
  assert.deepEqual(c.out, []);
});

Deno.test("main() exit codes for usage, missing files and help (§17.4)", async (t) => {
  await t.step("unknown flag → 2 with usage on stderr", async () => {
    const c = capture();
    assert.equal(await main(["--bogus"], c.io), 2);
    assert.equal(c.err[0], "error: unknown flag: --bogus");
    assert.ok(c.err.some((l) => l.startsWith("Usage:")));
  });
  await t.step("missing value and bad log level → 2", async () => {
    assert.equal(await main(["--config"], capture().io), 2);
    assert.equal(await main(["--log-level", "LOUD"], capture().io), 2);
    assert.equal(await main(["frobnicate"], capture().io), 2);
  });
  await t.step("--help → 0 with usage on stdout", async () => {
    const c = capture();
    assert.equal(await main(["--help"], c.io), 0);
    assert.ok(c.out[0].startsWith("Usage:"));
  });
  await t.step("missing config file → 1 with a clear message", async () => {
    const c = capture();
    assert.equal(await main(["--once", "--config", "nope/missing.yaml"], c.io), 1);
    assert.equal(
      c.err[0],
      "config error: nope/missing.yaml: cannot read configuration: file not found",
    );
  });
  await t.step("empty asset list → `_all_` ERROR and exit 1", async () => {
    const c = capture({
      files: { "empty.yaml": "client:\n  greptime:\n    port: 1\n  assets: []\n" },
    });
    assert.equal(await main(["--once", "--config", "empty.yaml"], c.io), 1);
    assert.deepEqual(c.out, ["_all_: decision=-1, wmax_usd=0.00 [reason: assets list is empty]"]);
  });
});

Deno.test("main(hash-password) prints a pbkdf2-sha256 hash of stdin", async () => {
  const c = capture({ stdin: "s3cret\n" });
  assert.equal(await main(["hash-password"], c.io), 0);
  assert.match(c.out[0], /^pbkdf2-sha256:600000:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+$/);
});

Deno.test("cli.ts --once --demo as a real process prints the §18.4 lines", async () => {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "cli.ts", "--once", "--demo"],
    stdout: "piped",
    stderr: "piped",
  }).output();
  assert.equal(out.code, 0, new TextDecoder().decode(out.stderr));
  const lines = new TextDecoder().decode(out.stdout).trimEnd().split("\n");
  assert.equal(lines.length, 4);
  assert.equal(lines[0].split(":")[0], "djed");
  assert.match(
    lines[3],
    /^wanusdt: decision=0, wmax_usd=0\.00 \[reason: residual gate triggered\]$/,
  );
});
