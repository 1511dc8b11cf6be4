/**
 * The dashboard in headless Chromium (Debian's `chromium` package), served by the real
 * server mode (`runServerMode`) on the demo data (§18: in-process GreptimeDB-compatible
 * server, real evaluation, real charts): the seven sections with the §18.4 values, asset
 * switching via the dropdown, auto-refresh without a page reload, no CSP violations, and a
 * screenshot saved to tests/artifacts/dashboard.png.
 *
 * Skipped only outside CI when /usr/bin/chromium is absent; in CI a missing browser fails.
 */
import assert from "node:assert/strict";
import { chromium } from "playwright-core";
import { runServerMode } from "../../server.ts";
import { memoryLogger } from "../http/app_fixture.ts";
import { ConfigSchema } from "../../src/config/schema.ts";
import { demoConfigInput } from "../../src/demo/demo_config.ts";
import { startDemoFor } from "../../src/demo/cli_demo.ts";

const CHROMIUM = "/usr/bin/chromium";
const ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];
/**
 * Browser-side functions, built from strings because this file is type-checked without the
 * DOM lib. Playwright calls them through the DevTools protocol, which the page's strict CSP
 * (no 'unsafe-eval') allows, unlike `waitForFunction` with a string predicate.
 */
type BrowserFn<T> = (element: unknown) => T;
const BACKGROUND = new Function(
  "e",
  "return getComputedStyle(e).backgroundColor",
) as BrowserFn<string>;
/** How many CSS px the page is wider than the viewport (0 = no horizontal overflow). */
const PAGE_OVERFLOW = new Function(
  "e",
  "return e.ownerDocument.documentElement.scrollWidth - window.innerWidth",
) as BrowserFn<number>;
const IMAGE_LOADED = new Function(
  "i",
  "return i.complete && i.naturalWidth > 0",
) as BrowserFn<boolean>;

/** Polls `check` (Deno side) until it returns true or `ms` elapse. */
async function until(check: () => Promise<boolean>, what: string, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}
const ARTIFACT = new URL("../artifacts/dashboard.png", import.meta.url);

function chromiumPresent(): boolean {
  try {
    return Deno.statSync(CHROMIUM).isFile;
  } catch {
    return false;
  }
}

const SECTIONS = [
  "section-asset",
  "section-status",
  "section-wallets",
  "section-chart",
  "section-gate",
  "section-prices",
  "section-refresh",
];

Deno.test({
  name: "dashboard in headless Chromium: sections, dropdown, auto-refresh, screenshot",
  ignore: !chromiumPresent() && !Deno.env.get("CI"),
  // Chromium's pipes and the HTTP server are closed explicitly below.
  sanitizeResources: false,
  sanitizeOps: false,
  async fn(t) {
    const demo = await startDemoFor(ConfigSchema.parse(demoConfigInput()), Date.now());
    const logs: string[] = [];
    let stop = () => {};
    const stopped = new Promise<void>((r) => (stop = r));
    let port = 0;
    let listenResolve = () => {};
    const listening = new Promise<void>((r) => (listenResolve = r));
    const exit = runServerMode({
      config: demo.config,
      source: "<demo>",
      schema: "demo",
      warnings: [],
      registry: null,
      logger: memoryLogger(logs),
      port: 0,
      stopSignal: stopped,
      refreshSeconds: 1,
      onListen: (s) => {
        port = s.port;
        listenResolve();
      },
    });
    await listening;
    const base = `http://127.0.0.1:${port}`;
    const userDataDir = await Deno.makeTempDir({ prefix: "ao-chromium-" });
    const context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      headless: true,
      args: ARGS,
      viewport: { width: 1100, height: 900 },
    });
    try {
      await until(
        () => Promise.resolve(logs.some((l) => l.startsWith("INFO - Evaluation #1 "))),
        "first evaluation",
        30_000,
      );
      const page = context.pages()[0] ?? await context.newPage();
      const cspErrors: string[] = [];
      page.on("console", (msg) => {
        if (/Content Security Policy|Refused to/i.test(msg.text())) cspErrors.push(msg.text());
      });
      await page.goto(`${base}/dashboard`);
      await page.evaluate(() => {
        (globalThis as unknown as { loadMarker: number }).loadMarker = 4242;
      });

      await t.step("seven sections visible, in order, with the right values", async () => {
        assert.equal(await page.title(), "Alert Orchestrator");
        const ids = await page.$$eval("section", (els) => els.map((e) => e.id));
        assert.deepEqual(ids, SECTIONS);
        for (const id of SECTIONS) assert.ok(await page.locator(`#${id}`).isVisible(), id);
        const txt = (sel: string) => page.locator(sel).innerText();
        assert.equal(await page.locator("#asset-select").inputValue(), "djed");
        assert.equal(await txt("#decision"), "✅ WITHDRAW_OK (keyword)");
        const badgeColor = await page.locator("#decision .badge").evaluate(BACKGROUND);
        assert.equal(badgeColor, "rgb(26, 127, 55)"); // #1a7f37
        assert.equal(await txt("#total-wmax"), "Total W_max: $27.94 (3 wallets)");
        const rows = await page.$$eval(
          "#wallet-table tbody tr",
          (trs) => trs.map((tr) => [...tr.querySelectorAll("td")].map((td) => td.textContent)),
        );
        assert.equal(rows.length, 4);
        assert.deepEqual(rows[3], ["Total", "$27.94"]);
        let sum = 0;
        for (const [wallet, wmax] of rows.slice(0, 3)) {
          assert.match(wallet!, /^addr1[a-z0-9]{3}\.\.\.[a-z0-9]{4}$/);
          sum += Number(wmax!.replace(/[$,]/g, ""));
        }
        assert.ok(Math.abs(sum - 27.94) <= 0.015, `wallet rows sum to ${sum}`);
        const img = page.locator("#section-chart img");
        assert.equal(await img.getAttribute("alt"), "Residual gate diagnostic for DJED");
        await until(() => page.locator("#section-chart img").evaluate(IMAGE_LOADED), "chart image");
        assert.equal(await txt("#gate-residual"), "Residual (t1): $7.72");
        assert.equal(await txt("#gate-threshold"), "k*σ Threshold: $18.18 (k=2.0)");
        assert.equal(await txt("#gate-status"), "Status: ✅ NOT TRIGGERED");
        assert.equal(await page.locator("#price-table tbody tr").count(), 2);
        assert.match(
          await txt("#mismatch"),
          /^Mismatch: NO \(relative ε=1\.00%, consecutive 0\/\d+, action hold\)$/,
        );
        assert.match(await txt("#refresh-state"), /^Auto-refresh every 1 s\./);
      });

      await t.step("auto-refresh swaps in the new evaluation without a reload", async () => {
        assert.match(await page.locator("#evaluated").innerText(), /evaluation #1,/);
        const res = await fetch(`${base}/api/evaluate`, { method: "POST" });
        assert.equal(res.status, 200);
        await res.body?.cancel();
        await until(
          async () => /evaluation #2,/.test(await page.locator("#evaluated").innerText()),
          "refreshed content",
        );
        const marker = await page.evaluate(() =>
          (globalThis as unknown as { loadMarker?: number }).loadMarker
        );
        assert.equal(marker, 4242, "the page was not reloaded");
        assert.equal(await page.locator("#decision").innerText(), "✅ WITHDRAW_OK (keyword)");
      });

      await t.step("switching asset with the dropdown", async () => {
        await Promise.all([
          page.waitForURL(/\/dashboard\?asset=wanusdt$/),
          page.selectOption("#asset-select", "wanusdt"),
        ]);
        assert.equal(await page.locator("#decision").innerText(), "⚠️ HOLD (keyword)");
        assert.equal(await page.locator("#reason").innerText(), "Reason: residual gate triggered");
        assert.equal(
          await page.locator("#computed-before-hold").innerText(),
          "Computed before hold: $253.66",
        );
        assert.equal(
          await page.locator("#gate-status").innerText(),
          "Status: ⚠️ TRIGGERED (|residual| > threshold)",
        );
        const color = await page.locator("#decision .badge").evaluate(BACKGROUND);
        assert.equal(color, "rgb(217, 119, 6)"); // #d97706
      });

      await t.step("autorefresh=false is kept when switching and stops refreshing", async () => {
        await page.goto(`${base}/dashboard?asset=usdm&autorefresh=false`);
        await Promise.all([
          page.waitForURL(/asset=djed/),
          page.selectOption("#asset-select", "djed"),
        ]);
        assert.match(page.url(), /autorefresh=false/);
        const before = await page.locator("#evaluated").innerText();
        const res = await fetch(`${base}/api/evaluate`, { method: "POST" });
        await res.body?.cancel();
        await page.waitForTimeout(2500);
        assert.equal(await page.locator("#evaluated").innerText(), before);
      });

      await t.step("narrow 400 px viewport: the page never scrolls sideways", async () => {
        await page.setViewportSize({ width: 400, height: 900 });
        const long = `<b>${"x".repeat(90)}</b>`;
        for (const q of ["asset=djed", "asset=wanusdt", `asset=${encodeURIComponent(long)}`]) {
          await page.goto(`${base}/dashboard?${q}&autorefresh=false`);
          assert.equal(await page.locator("body").evaluate(PAGE_OVERFLOW), 0, q);
        }
        await page.setViewportSize({ width: 1100, height: 900 });
      });

      await t.step("screenshot saved as a test artifact", async () => {
        await page.goto(`${base}/dashboard?asset=djed`);
        await until(() => page.locator("#section-chart img").evaluate(IMAGE_LOADED), "chart image");
        await Deno.mkdir(new URL("../artifacts/", import.meta.url), { recursive: true });
        await page.screenshot({ path: ARTIFACT.pathname, fullPage: true });
        assert.ok(Deno.statSync(ARTIFACT).size > 10_000);
      });

      assert.deepEqual(cspErrors, [], "no CSP violations");
    } finally {
      await context.close();
      stop();
      assert.equal(await exit, 0);
      await demo.close();
      await Deno.remove(userDataDir, { recursive: true }).catch(() => {});
    }
  },
});
