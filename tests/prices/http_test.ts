import assert from "node:assert/strict";
import { PriceApiError, requestJson } from "../../src/prices/http.ts";

type Step = "ok" | "network" | "timeout" | number;

/** A fetch that plays `steps` in order: a status, a network failure, or a hang until aborted. */
function scriptedFetch(steps: Step[]): { fetch: typeof fetch; calls: () => number } {
  let i = 0;
  const f = (_url: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const step = steps[Math.min(i, steps.length - 1)];
    i++;
    if (step === "ok") return Promise.resolve(new Response('{"v":1}'));
    if (step === "network") return Promise.reject(new TypeError("connection refused"));
    if (step === "timeout") {
      return new Promise((_resolve, reject) => {
        init?.signal?.addEventListener("abort", () => reject(init.signal!.reason));
      });
    }
    return Promise.resolve(new Response("{}", { status: step }));
  };
  return { fetch: f as typeof fetch, calls: () => i };
}

Deno.test("requestJson() retries only network errors, 429 and 5xx, at most twice with a 500 ms pause (§8.4)", async (t) => {
  const cases: {
    name: string;
    steps: Step[];
    ok: boolean;
    calls: number;
    pauses: number[];
    kind?: string;
    status?: number;
  }[] = [
    { name: "success at once", steps: ["ok"], ok: true, calls: 1, pauses: [] },
    {
      name: "network error then success",
      steps: ["network", "ok"],
      ok: true,
      calls: 2,
      pauses: [500],
    },
    { name: "429 then success", steps: [429, "ok"], ok: true, calls: 2, pauses: [500] },
    { name: "502 then success", steps: [502, "ok"], ok: true, calls: 2, pauses: [500] },
    {
      name: "two 500s: 2 attempts, no third",
      steps: [500, 500, "ok"],
      ok: false,
      calls: 2,
      pauses: [500],
      kind: "http",
      status: 500,
    },
    {
      name: "two network errors: 2 attempts",
      steps: ["network", "network", "ok"],
      ok: false,
      calls: 2,
      pauses: [500],
      kind: "network",
    },
    {
      name: "404 is not retried",
      steps: [404, "ok"],
      ok: false,
      calls: 1,
      pauses: [],
      kind: "http",
      status: 404,
    },
    {
      name: "400 is not retried",
      steps: [400, "ok"],
      ok: false,
      calls: 1,
      pauses: [],
      kind: "http",
      status: 400,
    },
    {
      name: "a timeout is not a network error: not retried",
      steps: ["timeout", "ok"],
      ok: false,
      calls: 1,
      pauses: [],
      kind: "timeout",
    },
  ];
  for (const c of cases) {
    await t.step(c.name, async () => {
      const { fetch, calls } = scriptedFetch(c.steps);
      const pauses: number[] = [];
      const run = requestJson("http://127.0.0.1:1/x", {}, {
        fetch,
        timeoutMs: 30,
        sleep: (ms) => {
          pauses.push(ms);
          return Promise.resolve();
        },
      });
      if (c.ok) assert.deepEqual(await run, { v: 1 });
      else {
        const err = await run.then(() => null, (e) => e);
        assert.ok(err instanceof PriceApiError, String(err));
        assert.equal(err.kind, c.kind);
        assert.equal(err.attempts, c.calls);
        if (c.status !== undefined) assert.equal(err.status, c.status);
      }
      assert.equal(calls(), c.calls);
      assert.deepEqual(pauses, c.pauses);
    });
  }
});

Deno.test("requestJson() does not retry once the caller's signal has aborted", async () => {
  const controller = new AbortController();
  let calls = 0;
  const fetch = ((_u: string, init?: RequestInit) => {
    calls++;
    controller.abort(new Error("evaluation cancelled"));
    return Promise.reject(init?.signal?.reason ?? new Error("aborted"));
  }) as unknown as typeof globalThis.fetch;
  const err = await requestJson("http://127.0.0.1:1/x", {}, {
    fetch,
    timeoutMs: 1000,
    signal: controller.signal,
    sleep: () => Promise.resolve(),
  }).then(() => null, (e) => e);
  assert.ok(err instanceof PriceApiError);
  assert.equal(err.kind, "aborted");
  assert.equal(calls, 1);
});
