import assert from "node:assert/strict";
import { createFixture } from "./app_fixture.ts";
import { crossOriginRefusal } from "../../src/http/security.ts";

const BASE_HEADERS = {
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
  "x-frame-options": "DENY",
  "cross-origin-opener-policy": "same-origin",
};

Deno.test("security headers on every response, including errors", async (t) => {
  const f = createFixture({ deps: { renderChartSvg: () => "<svg/>" } });
  await f.scheduler.trigger();
  const cases: [string, RequestInit][] = [
    ["/healthz", {}],
    ["/metrics", {}],
    ["/dashboard", {}],
    ["/charts/djed.svg", {}],
    ["/nope", {}],
    ["/api/evaluate", { method: "GET" }],
    ["/api/evaluate", { method: "POST", headers: { Origin: "http://evil.example" } }],
  ];
  for (const [path, init] of cases) {
    await t.step(`${init.method ?? "GET"} ${path}`, async () => {
      const res = await f.app.request(path, init);
      for (const [k, v] of Object.entries(BASE_HEADERS)) assert.equal(res.headers.get(k), v, k);
      assert.ok(res.headers.get("content-security-policy"));
      await res.body?.cancel();
    });
  }
});

Deno.test("HTML gets a fresh CSP nonce per response, used by its style and script", async () => {
  const f = createFixture();
  const nonces: string[] = [];
  for (let i = 0; i < 2; i++) {
    const res = await f.app.request("/dashboard");
    const csp = res.headers.get("content-security-policy")!;
    const m = /script-src 'nonce-([A-Za-z0-9_-]+)'/.exec(csp);
    assert.ok(m, csp);
    const nonce = m[1];
    assert.equal(
      csp,
      `default-src 'none'; script-src 'nonce-${nonce}'; style-src 'nonce-${nonce}'; ` +
        `img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; ` +
        `base-uri 'none'`,
    );
    const html = await res.text();
    assert.ok(html.includes(`<script nonce="${nonce}">`));
    assert.ok(html.includes(`<style nonce="${nonce}">`));
    assert.equal((html.match(/<script/g) ?? []).length, 1);
    assert.ok(!/\sstyle="/.test(html), "no inline style attributes");
    nonces.push(nonce);
  }
  assert.notEqual(nonces[0], nonces[1]);
});

Deno.test("cross-origin POST refused with 403; same-origin and curl pass", async (t) => {
  const f = createFixture({
    config: { runtime: { http: { allowed_origins: ["https://ops.example:8443"] } } },
  });
  const cases: [string, Record<string, string>, number][] = [
    ["no Origin, no Sec-Fetch-Site (curl)", {}, 200],
    ["same origin", { Host: "localhost:9808", Origin: "http://localhost:9808" }, 200],
    ["Sec-Fetch-Site same-origin", { "Sec-Fetch-Site": "same-origin" }, 200],
    ["Sec-Fetch-Site none", { "Sec-Fetch-Site": "none" }, 200],
    ["foreign origin", { Host: "localhost:9808", Origin: "http://evil.example" }, 403],
    ["other port", { Host: "localhost:9808", Origin: "http://localhost:9809" }, 403],
    ["Origin null", { Host: "localhost:9808", Origin: "null" }, 403],
    ["Sec-Fetch-Site cross-site", { "Sec-Fetch-Site": "cross-site" }, 403],
    ["Sec-Fetch-Site same-site", { "Sec-Fetch-Site": "same-site" }, 403],
    ["allowed origin", { Host: "localhost:9808", Origin: "https://ops.example:8443" }, 200],
  ];
  for (const [name, headers, status] of cases) {
    await t.step(`${name} → ${status}`, async () => {
      const res = await f.app.request("http://localhost:9808/api/evaluate", {
        method: "POST",
        headers,
      });
      assert.equal(res.status, status);
      if (status === 403) {
        assert.equal((await res.json()).type, "urn:alert-orchestrator:problem:forbidden-origin");
      } else await res.body?.cancel();
    });
  }
  await t.step("a refused POST does not run an evaluation", () => {
    assert.equal(f.fake.calls, 5);
  });
});

Deno.test("crossOriginRefusal() compares host and port", () => {
  const h = (o: Record<string, string>) => new Headers(o);
  assert.equal(crossOriginRefusal(h({ Host: "a.example", Origin: "https://a.example" }), []), null);
  assert.notEqual(
    crossOriginRefusal(h({ Host: "a.example", Origin: "https://a.example.evil" }), []),
    null,
  );
  assert.notEqual(crossOriginRefusal(h({ Origin: "https://a.example" }), []), null);
});

Deno.test("POST bodies: 415 without JSON type, 413 over 16 KiB, 400 invalid JSON", async (t) => {
  const f = createFixture();
  const cases: [string, RequestInit, number][] = [
    ["empty body", { method: "POST" }, 200],
    ["empty JSON object", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: "{}",
    }, 200],
    ["text body", { method: "POST", headers: { "Content-Type": "text/plain" }, body: "{}" }, 415],
    ["form body", {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: "a=1",
    }, 415],
    ["invalid JSON", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: "{nope",
    }, 400],
    ["JSON array", {
      method: "POST",
      headers: { "Content-Type": "application/json; charset=utf-8" },
      body: "[1]",
    }, 400],
    ["17 KiB", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ pad: "x".repeat(17 * 1024) }),
    }, 413],
  ];
  for (const [name, init, status] of cases) {
    await t.step(`${name} → ${status}`, async () => {
      const res = await f.app.request("/api/evaluate", init);
      assert.equal(res.status, status);
      await res.body?.cancel();
    });
  }
  await t.step("413 also without Content-Length (streamed body)", async () => {
    const chunk = new TextEncoder().encode("x".repeat(4096));
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(c) {
        if (sent++ < 5) c.enqueue(chunk);
        else c.close();
      },
    });
    const res = await f.app.request("/api/evaluate", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body,
    });
    assert.equal(res.status, 413);
    assert.equal((await res.json()).type, "urn:alert-orchestrator:problem:payload-too-large");
  });
});
