import assert from "node:assert/strict";
import { createReadiness } from "../../src/http/readiness.ts";
import { createRecordStore } from "../../src/jobs/record_store.ts";
import { fakeRecord } from "../support/fake_evaluator.ts";

const NOW = Date.UTC(2025, 0, 21, 14, 30, 22);

function setup(ping: (signal: AbortSignal) => Promise<unknown>) {
  const store = createRecordStore({ intervalMinutes: 60 });
  store.publish(fakeRecord(1, NOW));
  const clock = { ms: NOW };
  const check = createReadiness({
    store,
    ping,
    now: () => clock.ms,
    intervalMinutes: 60,
    timeoutSeconds: 120,
    probeTimeoutMs: 20,
  });
  return { check, clock };
}

Deno.test("createReadiness() a probe that ignores its signal still times out as unreachable", async () => {
  let signal: AbortSignal | null = null;
  const { check } = setup((s) => {
    signal = s;
    return new Promise(() => {}); // never settles, never looks at the signal
  });
  const report = await check();
  assert.equal(report.status, "not_ready");
  assert.equal(report.database, "unreachable");
  assert.deepEqual(report.reasons, ["database unreachable (SELECT 1 failed)"]);
  assert.equal(signal!.aborted, true, "the probe's signal fired");
});

Deno.test("createReadiness() a ping that throws synchronously counts as unreachable", async () => {
  const { check } = setup(() => {
    throw new Error("client closed");
  });
  const report = await check();
  assert.equal(report.database, "unreachable");
});

Deno.test("createReadiness() ready at exactly 2·interval + timeout, not ready 1 ms later", async (t) => {
  let pings = 0;
  const { check, clock } = setup(() => {
    pings++;
    return Promise.resolve();
  });
  const limitMs = (2 * 3600 + 120) * 1000;
  await t.step("age = limit → ready", async () => {
    clock.ms = NOW + limitMs;
    assert.equal((await check()).status, "ready");
  });
  await t.step("age = limit + 1 ms → not ready", async () => {
    clock.ms = NOW + limitMs + 1;
    const report = await check();
    assert.equal(report.status, "not_ready");
    assert.equal(report.database, "ok");
    assert.equal(report.age_seconds, limitMs / 1000 + 0.001);
  });
  assert.equal(pings, 1, "the probe result is cached for 10 s");
});
