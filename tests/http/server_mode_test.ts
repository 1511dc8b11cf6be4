/**
 * `runServerMode` (the CLI's server mode) on the demo data, headless mode, listen failure,
 * and SIGTERM handling of the real `cli.ts` process (§11.6, §17.2–§17.4).
 */
import assert from "node:assert/strict";
import { NO_FONT_SKIP } from "../support/font.ts";
import { runServerMode } from "../../server.ts";
import { ConfigSchema } from "../../src/config/schema.ts";
import { demoConfigInput } from "../../src/demo/demo_config.ts";
import { startDemoFor } from "../../src/demo/cli_demo.ts";
import { memoryLogger } from "./app_fixture.ts";

async function until(check: () => boolean, what: string, ms = 30_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

Deno.test("runServerMode() serves the demo evaluation and stops with exit code 0", {
  ignore: NO_FONT_SKIP,
}, async () => {
  const demo = await startDemoFor(ConfigSchema.parse(demoConfigInput()), Date.now());
  const logs: string[] = [];
  let stop = () => {};
  let port = 0;
  const exit = runServerMode({
    config: demo.config,
    source: "<demo>",
    schema: "demo",
    warnings: [],
    registry: null,
    logger: memoryLogger(logs),
    port: 0,
    stopSignal: new Promise<void>((r) => (stop = r)),
    onListen: (s) => (port = s.port),
  });
  try {
    await until(() => logs.some((l) => l.startsWith("INFO - wanusdt:")), "first evaluation");
    assert.deepEqual(logs.filter((l) => l.startsWith("INFO")), [
      "INFO - Loaded configuration from <demo>",
      `INFO - Starting HTTP server on 127.0.0.1:${port}`,
      `INFO - Prometheus metrics available at http://127.0.0.1:${port}/metrics`,
      `INFO - Dashboard available at http://127.0.0.1:${port}/dashboard`,
      "INFO - Running evaluation loop every 60 minutes",
      "INFO - First evaluation starting...",
      logs.find((l) => l.startsWith("INFO - Evaluation #1 finished in "))!,
      "INFO - djed: decision=1, wmax_usd=27.94 (3 wallets)",
      "INFO - usdm: decision=0, wmax_usd=0.00 [reason: non-positive gains since t0 (clamped)]",
      "INFO - wanusdc: decision=1, wmax_usd=12.61 (2 wallets)",
      "INFO - wanusdt: decision=0, wmax_usd=0.00 [reason: residual gate triggered]",
    ]);
    const base = `http://127.0.0.1:${port}`;
    const ready = await fetch(`${base}/readyz`);
    assert.equal(ready.status, 200);
    await ready.body?.cancel();
    const svg = await fetch(`${base}/charts/djed.svg`);
    assert.equal(svg.status, 200);
    assert.match(await svg.text(), /^<svg/);
    const png = await fetch(`${base}/charts/djed.png?width=600&height=500`);
    assert.equal(png.status, 200);
    const bytes = new Uint8Array(await png.arrayBuffer());
    assert.deepEqual([...bytes.slice(1, 4)], [0x50, 0x4e, 0x47]); // "PNG"
    const normalized = await (await fetch(`${base}/api/config/normalized`)).json();
    assert.equal(normalized._meta.schema, "demo");
    const sync = await fetch(`${base}/api/sync/transactions`, { method: "POST" });
    assert.equal(sync.status, 404);
    await sync.body?.cancel();
    const wanusdt = await (await fetch(`${base}/api/decisions/wanusdt`)).json();
    assert.equal(wanusdt.reason, "residual gate triggered");
    assert.ok(Math.abs(wanusdt.wmax_computed_usd - 253.66) < 0.01);
  } finally {
    stop();
    assert.equal(await exit, 0);
    await demo.close();
  }
  assert.equal(logs.at(-1), "INFO - Shutting down...");
});

Deno.test("runServerMode() writes diagnostics files after an evaluation and cleans up at startup", {
  ignore: NO_FONT_SKIP,
}, async () => {
  const dir = await Deno.makeTempDir({ prefix: "server_diag_" });
  const touch = async (name: string, mtimeMs: number) => {
    await Deno.writeTextFile(`${dir}/${name}`, "x");
    await Deno.utime(`${dir}/${name}`, mtimeMs / 1000, mtimeMs / 1000);
  };
  await touch("stale.png", Date.now() - 30 * 86_400_000);
  await touch("fresh.png", Date.now() - 3_600_000);
  const input = demoConfigInput();
  const config = ConfigSchema.parse({
    ...input,
    visualization: {
      diagnostics: { enabled: true, dir, width: 600, height: 500, lookback_hours_override: 12 },
    },
    maintenance: { cleanup: { enabled: true, expire_before: "7d" } },
  });
  const demo = await startDemoFor(config, Date.now());
  const logs: string[] = [];
  const hooked: string[][] = [];
  let stop = () => {};
  let port = 0;
  const charts = () =>
    [...Deno.readDirSync(dir)].map((e) => e.name).filter((n) =>
      n.endsWith("_residual_composite.png")
    ).sort();
  const exit = runServerMode({
    config: demo.config,
    source: "diag.yaml",
    schema: "v2",
    warnings: [],
    registry: null,
    registryValidatedLine: "Token registry validated for assets: djed",
    registryWarnings: ["token registry: asset foo is not configured"],
    logger: memoryLogger(logs),
    port: 0,
    stopSignal: new Promise<void>((r) => (stop = r)),
    onListen: (s) => (port = s.port),
    // Runs after the record's diagnostics files: they are already in place.
    onRecord: () => void hooked.push(charts()),
  });
  try {
    await until(() => hooked.length > 0, "the onRecord hook after the first evaluation");
    const names = hooked[0];
    assert.equal(names.length, 4, names.join(", "));
    const stamp = /^djed_(\d{8}_\d{6})_residual_composite\.png$/.exec(names[0])?.[1];
    assert.deepEqual(
      names,
      ["djed", "usdm", "wanusdc", "wanusdt"].map((a) => `${a}_${stamp}_residual_composite.png`),
    );
    const bytes = await Deno.readFile(`${dir}/${names[0]}`);
    assert.deepEqual([...bytes.slice(1, 4)], [0x50, 0x4e, 0x47]); // "PNG"
    const all = [...Deno.readDirSync(dir)].map((e) => e.name).sort();
    assert.deepEqual(all.filter((n) => !names.includes(n)), ["fresh.png"], "stale.png deleted");
    assert.equal(
      logs.filter((l) => l.startsWith("INFO - Cleanup: deleted 1 files older")).length,
      1,
    );
    assert.deepEqual(logs.filter((l) => l.startsWith("INFO")).slice(0, 6), [
      "INFO - Loaded configuration from diag.yaml",
      `INFO - Starting HTTP server on 127.0.0.1:${port}`,
      `INFO - Prometheus metrics available at http://127.0.0.1:${port}/metrics`,
      `INFO - Dashboard available at http://127.0.0.1:${port}/dashboard`,
      "INFO - Running evaluation loop every 60 minutes",
      "INFO - First evaluation starting...",
    ]);
    const at = (line: string) => logs.indexOf(line);
    assert.ok(at("INFO - Loaded configuration from diag.yaml") === 0);
    assert.ok(at("DEBUG - Token registry validated for assets: djed") > 0, logs.join("\n"));
    assert.ok(
      at("WARNING - token registry: asset foo is not configured") >
        at("DEBUG - Token registry validated for assets: djed"),
    );
    assert.ok(
      at("WARNING - token registry: asset foo is not configured") <
        at(`INFO - Starting HTTP server on 127.0.0.1:${port}`),
    );
    const svg = await fetch(`http://127.0.0.1:${port}/charts/djed.svg`);
    assert.equal(svg.status, 200);
    assert.ok((await svg.text()).includes("chart lookback 12h"), "lookback override applied");
  } finally {
    stop();
    assert.equal(await exit, 0);
    await demo.close();
  }
  assert.deepEqual([...Deno.readDirSync(dir)].filter((e) => e.name.endsWith(".tmp")), []);
  assert.ok(!logs.some((l) => l.startsWith("ERROR")), logs.join("\n"));
  await Deno.remove(dir, { recursive: true });
});

Deno.test("runServerMode() without telemetry runs the loop but no HTTP server", async () => {
  const demo = await startDemoFor(ConfigSchema.parse(demoConfigInput()), Date.now());
  const logs: string[] = [];
  let stop = () => {};
  let listened = false;
  const exit = runServerMode({
    config: demo.config,
    source: "<demo>",
    schema: "demo",
    warnings: [],
    registry: null,
    logger: memoryLogger(logs),
    noTelemetry: true,
    stopSignal: new Promise<void>((r) => (stop = r)),
    onListen: () => (listened = true),
  });
  try {
    await until(() => logs.some((l) => l.startsWith("INFO - wanusdt:")), "first evaluation");
    assert.equal(listened, false);
    assert.ok(!logs.some((l) => l.includes("Starting HTTP server")));
    assert.equal(
      logs.filter((l) => l.startsWith("INFO"))[1],
      "INFO - Running evaluation loop every 60 minutes",
    );
  } finally {
    stop();
    assert.equal(await exit, 0);
    await demo.close();
  }
});

Deno.test("runServerMode() returns 1 when the port is taken", async () => {
  const taken = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (taken.addr as Deno.NetAddr).port;
  const logs: string[] = [];
  try {
    const config = ConfigSchema.parse({
      domain: { assets: ["djed"] },
      runtime: { telemetry: { listen_address: "127.0.0.1" } },
    });
    const code = await runServerMode({
      config,
      source: "c.yaml",
      schema: "v2",
      warnings: [],
      registry: null,
      logger: memoryLogger(logs),
      port,
      stopSignal: new Promise(() => {}),
    });
    assert.equal(code, 1);
    assert.ok(logs.some((l) => l.startsWith(`ERROR - Cannot listen on 127.0.0.1:${port}: `)));
  } finally {
    taken.close();
  }
});

Deno.test({
  name: "cli.ts server mode exits 0 on SIGTERM after a graceful shutdown",
  ignore: Deno.build.os === "windows",
  async fn() {
    const child = new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", "cli.ts", "--demo", "--port", "0"],
      cwd: new URL("../../", import.meta.url),
      stdout: "null",
      stderr: "piped",
    }).spawn();
    const reader = child.stderr.pipeThrough(new TextDecoderStream()).getReader();
    let err = "";
    const deadline = Date.now() + 60_000;
    while (!err.includes("INFO - wanusdt:") && Date.now() < deadline) {
      const { value, done } = await reader.read();
      if (done) break;
      err += value;
    }
    assert.match(err, /INFO - Starting HTTP server on 127\.0\.0\.1:\d+/);
    const port = Number(/Starting HTTP server on 127\.0\.0\.1:(\d+)/.exec(err)![1]);
    assert.ok(port > 0);
    const res = await fetch(`http://127.0.0.1:${port}/healthz`);
    assert.equal(res.status, 200);
    await res.body?.cancel();
    child.kill("SIGTERM");
    while (true) {
      const { value, done } = await reader.read();
      if (done) break;
      err += value;
    }
    const status = await child.status;
    assert.equal(status.code, 0, err);
    assert.match(err, /INFO - Shutting down\.\.\.\n?$/);
  },
});
