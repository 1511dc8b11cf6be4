import assert from "node:assert/strict";
import { createFixture } from "./app_fixture.ts";
import { hashPassword, sha256, toHex } from "../../src/http/password.ts";
import { createAuthenticator } from "../../src/http/auth.ts";

const USER = "ops";
const PASSWORD = "correct horse battery staple";

function basic(user: string, password: string): string {
  const bytes = new TextEncoder().encode(`${user}:${password}`);
  return "Basic " + btoa(String.fromCharCode(...bytes));
}

async function authFixture(hash: string, auth: Record<string, unknown> = {}) {
  const f = createFixture({
    config: {
      runtime: {
        auth: { enabled: true, username: USER, password_hash: hash, ...auth },
      },
    },
  });
  await f.scheduler.trigger();
  return f;
}

const HASHES: [string, () => Promise<string>][] = [
  ["sha256", async () => "sha256:" + toHex(await sha256(PASSWORD))],
  ["pbkdf2-sha256", () => hashPassword(PASSWORD, { iterations: 100_000 })],
];

for (const [kind, makeHash] of HASHES) {
  Deno.test(`auth (${kind}): none / wrong / right credentials`, async (t) => {
    const f = await authFixture(await makeHash());
    const env = { remoteAddr: "10.0.0.1" };
    const cases: [string, Record<string, string>, number][] = [
      ["no credentials", {}, 401],
      ["wrong password", { Authorization: basic(USER, "nope") }, 401],
      ["wrong user", { Authorization: basic("root", PASSWORD) }, 401],
      ["garbage header", { Authorization: "Basic !!!" }, 401],
      ["right credentials", { Authorization: basic(USER, PASSWORD) }, 200],
    ];
    for (const path of ["/api/decisions", "/dashboard", "/readyz", "/api/config/normalized"]) {
      for (const [name, headers, status] of cases) {
        await t.step(`${path} ${name} → ${status}`, async () => {
          const res = await f.app.request(path, { headers }, env);
          assert.equal(res.status, status);
          if (status === 401) {
            assert.equal(
              res.headers.get("www-authenticate"),
              'Basic realm="Alert Orchestrator", charset="UTF-8"',
            );
            const body = await res.json();
            assert.equal(body.type, "urn:alert-orchestrator:problem:unauthorized");
          } else await res.body?.cancel();
        });
      }
    }
    await t.step("POST /api/evaluate needs credentials too", async () => {
      assert.equal((await f.app.request("/api/evaluate", { method: "POST" }, env)).status, 401);
      const ok = await f.app.request("/api/evaluate", {
        method: "POST",
        headers: { Authorization: basic(USER, PASSWORD) },
      }, env);
      assert.equal(ok.status, 200);
    });
  });
}

Deno.test("auth: /healthz always open; /metrics open unless protect_metrics", async (t) => {
  const hash = "sha256:" + toHex(await sha256(PASSWORD));
  await t.step("protect_metrics false", async () => {
    const f = await authFixture(hash);
    assert.equal((await f.app.request("/healthz")).status, 200);
    assert.equal((await f.app.request("/metrics")).status, 200);
  });
  await t.step("protect_metrics true", async () => {
    const f = await authFixture(hash, { protect_metrics: true });
    assert.equal((await f.app.request("/healthz")).status, 200);
    assert.equal((await f.app.request("/metrics")).status, 401);
    const ok = await f.app.request("/metrics", {
      headers: { Authorization: basic(USER, PASSWORD) },
    });
    assert.equal(ok.status, 200);
    assert.match(await ok.text(), /wo_decision/);
  });
});

Deno.test("auth: 429 with Retry-After after repeated failures, per client", async (t) => {
  const hash = "sha256:" + toHex(await sha256(PASSWORD));
  const f = await authFixture(hash, { max_failures: 3, failure_window_seconds: 60 });
  const attacker = { remoteAddr: "203.0.113.9" };
  const wrong = { headers: { Authorization: basic(USER, "guess") } };
  await t.step("failures up to max_failures answer 401", async () => {
    for (let i = 0; i < 3; i++) {
      assert.equal((await f.app.request("/api/decisions", wrong, attacker)).status, 401);
    }
  });
  await t.step("the next failure answers 429 with Retry-After", async () => {
    f.clock.ms += 10_000;
    const res = await f.app.request("/api/decisions", wrong, attacker);
    assert.equal(res.status, 429);
    assert.equal(res.headers.get("retry-after"), "50");
    assert.equal((await res.json()).type, "urn:alert-orchestrator:problem:too-many-auth-failures");
  });
  await t.step("even right credentials are refused while limited", async () => {
    const res = await f.app.request("/api/decisions", {
      headers: { Authorization: basic(USER, PASSWORD) },
    }, attacker);
    assert.equal(res.status, 429);
  });
  await t.step("another client is unaffected", async () => {
    const res = await f.app.request("/api/decisions", {
      headers: { Authorization: basic(USER, PASSWORD) },
    }, { remoteAddr: "198.51.100.1" });
    assert.equal(res.status, 200);
  });
  await t.step("allowed again once the oldest failure leaves the window", async () => {
    f.clock.ms += 50_000;
    const res = await f.app.request("/api/decisions", {
      headers: { Authorization: basic(USER, PASSWORD) },
    }, attacker);
    assert.equal(res.status, 200);
    // Success cleared the key: three new failures are 401 again.
    for (let i = 0; i < 3; i++) {
      assert.equal((await f.app.request("/api/decisions", wrong, attacker)).status, 401);
    }
  });
});

Deno.test("auth: trust_proxy keys clients by the first X-Forwarded-For hop", async (t) => {
  const hash = "sha256:" + toHex(await sha256(PASSWORD));
  for (const trust of [false, true]) {
    await t.step(`trust_proxy ${trust}`, async () => {
      const f = await authFixture(hash, { max_failures: 1, trust_proxy: trust });
      const proxy = { remoteAddr: "127.0.0.1" };
      const from = (ip: string) => ({
        headers: { Authorization: basic(USER, "bad"), "X-Forwarded-For": `${ip}, 10.0.0.2` },
      });
      assert.equal((await f.app.request("/dashboard", from("192.0.2.1"), proxy)).status, 401);
      assert.equal((await f.app.request("/dashboard", from("192.0.2.1"), proxy)).status, 429);
      // A different forwarded client shares the proxy key only without trust_proxy.
      const other = await f.app.request("/dashboard", from("192.0.2.77"), proxy);
      assert.equal(other.status, trust ? 401 : 429);
    });
  }
});

Deno.test("createAuthenticator() bounds the client table (LRU) and caches successes", async () => {
  const now = { ms: 0 };
  const hash = await hashPassword(PASSWORD, { iterations: 100_000 });
  const auth = createAuthenticator({
    username: USER,
    passwordHash: hash,
    maxFailures: 5,
    failureWindowSeconds: 300,
    now: () => now.ms,
    maxClients: 3,
  });
  for (const ip of ["a", "b", "c", "d"]) {
    assert.equal((await auth.check(basic(USER, "x"), ip)).kind, "unauthorized");
  }
  assert.equal(auth.trackedClients(), 3);
  assert.equal(auth.cachedSuccesses(), 0);
  assert.equal((await auth.check(basic(USER, PASSWORD), "e")).kind, "ok");
  assert.equal(auth.cachedSuccesses(), 1);
  now.ms += 5 * 60_000 - 1;
  assert.equal((await auth.check(basic(USER, PASSWORD), "e")).kind, "ok");
  assert.equal(auth.cachedSuccesses(), 1);
  now.ms += 1; // expired: verified again and re-cached
  assert.equal((await auth.check(basic(USER, PASSWORD), "e")).kind, "ok");
  assert.equal(auth.cachedSuccesses(), 1);
  // A wrong password is never served from the cache.
  assert.equal((await auth.check(basic(USER, PASSWORD + "x"), "e")).kind, "unauthorized");
});

Deno.test("createAuthenticator() refuses malformed hashes at creation", () => {
  for (const bad of ["$2b$10$abc", "sha256:abc", "pbkdf2-sha256:1000:AA==:AA=="]) {
    assert.throws(
      () =>
        createAuthenticator({
          username: "u",
          passwordHash: bad,
          maxFailures: 1,
          failureWindowSeconds: 1,
          now: Date.now,
        }),
      { name: "PasswordHashError" },
    );
  }
});

Deno.test("createAuthenticator() evicts the least recently used client, not the oldest", async () => {
  const auth = createAuthenticator({
    username: USER,
    passwordHash: "sha256:" + toHex(await sha256(PASSWORD)),
    maxFailures: 2,
    failureWindowSeconds: 300,
    now: () => 0,
    maxClients: 3,
  });
  const wrong = basic(USER, "wrong");
  for (const ip of ["a", "b", "c"]) {
    assert.equal((await auth.check(wrong, ip)).kind, "unauthorized");
  }
  assert.equal((await auth.check(wrong, "a")).kind, "unauthorized"); // a: 2 failures, used last
  assert.equal((await auth.check(wrong, "d")).kind, "unauthorized"); // evicts b
  assert.equal(auth.trackedClients(), 3);
  // a kept its two failures: the third is over max_failures.
  assert.equal((await auth.check(wrong, "a")).kind, "rate_limited");
  // b was evicted: it starts from zero again.
  assert.equal((await auth.check(wrong, "b")).kind, "unauthorized");
  assert.equal((await auth.check(wrong, "b")).kind, "unauthorized");
});
