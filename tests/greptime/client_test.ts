import assert from "node:assert/strict";
import {
  createGreptimeClient,
  type GreptimeClientOptions,
  GreptimeHttpError,
  GreptimeNetworkError,
  GreptimeQueryError,
  GreptimeTimeoutError,
} from "../../src/greptime/mod.ts";
import {
  errorResponse,
  type FakeGreptime,
  hang,
  jsonResponse,
  recordsBody,
  type Responder,
  startFakeGreptime,
} from "../support/greptime_fake.ts";

/** Runs `fn` with a fake answering `responders` and a client whose sleeps are recorded. */
async function withFake(
  responders: Responder[],
  fn: (ctx: {
    fake: FakeGreptime;
    client: ReturnType<typeof createGreptimeClient>;
    waits: number[];
  }) => Promise<void>,
  opts: Partial<GreptimeClientOptions> = {},
): Promise<void> {
  const fake = await startFakeGreptime(responders);
  const waits: number[] = [];
  const client = createGreptimeClient({
    url: fake.url,
    database: "liqwid",
    sleep: (ms) => {
      waits.push(ms);
      return Promise.resolve();
    },
    random: () => 0.5,
    ...opts,
  });
  try {
    await fn({ fake, client, waits });
  } finally {
    await fake.close();
  }
}

Deno.test("createGreptimeClient() posts a form with sql and db and the required headers", async () => {
  await withFake([() => jsonResponse(recordsBody([["x", "Int64"]], [[1]]))], async (c) => {
    await c.client.query("SELECT 1", { db: "minswap" });
    const [req] = c.fake.requests;
    assert.equal(req.method, "POST");
    assert.equal(req.path, "/v1/sql");
    assert.equal(req.headers.get("content-type"), "application/x-www-form-urlencoded");
    assert.equal(req.headers.get("accept"), "application/json");
    assert.equal(req.headers.get("user-agent"), "alert-orchestrator/9.9.9");
    assert.equal(req.headers.get("authorization"), null);
    assert.equal(req.form.get("sql"), "SELECT 1");
    assert.equal(req.form.get("db"), "minswap");
  }, { userAgentVersion: "9.9.9" });
});

Deno.test("createGreptimeClient() sends Basic auth when both credentials are set", async (t) => {
  const cases: { username: string | null; password: string | null; expected: string | null }[] = [
    { username: "greptime", password: "s3cr€t", expected: "Basic Z3JlcHRpbWU6czNjcuKCrHQ=" },
    { username: "greptime", password: null, expected: null },
  ];
  for (const c of cases) {
    await t.step(`${c.username}/${c.password}`, async () => {
      await withFake([() => jsonResponse({ output: [] })], async (ctx) => {
        await ctx.client.ping();
        assert.equal(ctx.fake.requests[0].headers.get("authorization"), c.expected);
        assert.equal(ctx.fake.requests[0].form.get("db"), "liqwid");
      }, { username: c.username, password: c.password });
    });
  }
});

Deno.test("query() keys rows by column name and converts timestamp units to epoch ms", async () => {
  const body = recordsBody([
    ["ts", "TimestampMillisecond"],
    ["s", "timestampsecond"],
    ["us", "TimestampMicrosecond"],
    ["wallet_address", "String"],
    ["usd_value", "Float64"],
  ], [[1732752000123, 1732752000, 1732752000123999, "addr1x", null]]);
  await withFake([() => jsonResponse(body)], async ({ client }) => {
    const r = await client.query("SELECT …");
    assert.deepEqual(r.columns.map((c) => c.name), [
      "ts",
      "s",
      "us",
      "wallet_address",
      "usd_value",
    ]);
    assert.deepEqual(r.rows, [{
      ts: 1732752000123,
      s: 1732752000000,
      us: 1732752000123,
      wallet_address: "addr1x",
      usd_value: null,
    }]);
  });
});

Deno.test("query() reads nanosecond timestamps beyond 2^53 exactly from the JSON text", async () => {
  // 1732752000123999999 ns is not representable as a double (it rounds to …124000000).
  const text = `{"output":[{"records":{"schema":{"column_schemas":[` +
    `{"name":"ts","data_type":"TimestampNanosecond"},{"name":"v","data_type":"Float64"}]},` +
    `"rows":[[1732752000123999999, 1.5],[-1000001,2.5]],"total_rows":2}}],"execution_time_ms":1}`;
  assert.equal(Math.floor(JSON.parse("1732752000123999999") / 1e6), 1732752000124);
  await withFake([() => new Response(text, { status: 200 })], async ({ client }) => {
    const r = await client.query("SELECT ts, v FROM t");
    assert.deepEqual(r.rows, [{ ts: 1732752000123, v: 1.5 }, { ts: -2, v: 2.5 }]);
  });
});

Deno.test("query() treats a missing output as no rows and tolerates a top-level code 0", async (t) => {
  const bodies: [string, unknown][] = [
    ["no output", { execution_time_ms: 3 }],
    ["code 0", { code: 0, output: [], execution_time_ms: 3 }],
    ["affectedrows only", { output: [{ affectedrows: 2 }] }],
  ];
  for (const [name, body] of bodies) {
    await t.step(name, async () => {
      await withFake([() => jsonResponse(body)], async ({ client }) => {
        assert.deepEqual(await client.query("SELECT 1"), { columns: [], rows: [] });
      });
    });
  }
});

Deno.test("execute() returns the summed affectedrows", async () => {
  const body = { output: [{ affectedrows: 3 }, { affectedrows: 4 }], execution_time_ms: 1 };
  await withFake([() => jsonResponse(body)], async ({ client }) => {
    assert.equal(await client.execute("INSERT INTO t (ts) VALUES (1)"), 7);
  });
});

Deno.test("query() rejects a body with a numeric code as GreptimeQueryError", async (t) => {
  const cases: { status: number; code: number; table: boolean; db: boolean }[] = [
    { status: 400, code: 4001, table: true, db: false },
    { status: 400, code: 4004, table: false, db: true },
    { status: 200, code: 3000, table: false, db: false },
  ];
  for (const c of cases) {
    await t.step(`HTTP ${c.status} code ${c.code}`, async () => {
      await withFake([() => errorResponse(c.status, c.code, `boom ${c.code}`)], async (ctx) => {
        const err = await ctx.client.query("SELECT * FROM x").catch((e) => e);
        assert.ok(err instanceof GreptimeQueryError);
        assert.equal(err.status, c.status);
        assert.equal(err.code, c.code);
        assert.equal(err.message, `boom ${c.code}`);
        assert.equal(err.isTableNotFound, c.table);
        assert.equal(err.isDatabaseNotFound, c.db);
        assert.ok(err.cause !== undefined);
        assert.equal(ctx.fake.requests.length, 1, "4xx and 200 errors are not retried");
      });
    });
  }
});

Deno.test("query() turns a non-JSON 502 body into GreptimeHttpError with a 200-char excerpt", async () => {
  const page = "<html>" + "x".repeat(500) + "</html>";
  await withFake([() => new Response(page, { status: 502 })], async (ctx) => {
    const err = await ctx.client.query("SELECT 1").catch((e) => e);
    assert.ok(err instanceof GreptimeHttpError);
    assert.equal(err.status, 502);
    assert.equal(err.bodyExcerpt, page.slice(0, 200));
    assert.ok(err.cause instanceof SyntaxError);
    assert.equal(ctx.fake.requests.length, 1, "max_attempts 1");
  }, { maxAttempts: 1 });
});

Deno.test("query() times out with GreptimeTimeoutError and retries timeouts", async () => {
  await withFake([hang()], async (ctx) => {
    const err = await ctx.client.query("SELECT 1").catch((e) => e);
    assert.ok(err instanceof GreptimeTimeoutError);
    assert.equal(err.timeoutMs, 100);
    assert.equal(ctx.fake.requests.length, 2);
    assert.deepEqual(ctx.waits, [250 + 50]);
  }, { timeoutMs: 100, maxAttempts: 2 });
});

Deno.test("query() retries 5xx up to max_attempts with exponential backoff and jitter", async () => {
  await withFake([() => new Response("upstream down", { status: 503 })], async (ctx) => {
    const err = await ctx.client.query("SELECT 1").catch((e) => e);
    assert.ok(err instanceof GreptimeHttpError);
    assert.equal(ctx.fake.requests.length, 4);
    // random() = 0.5 → jitter 50 ms
    assert.deepEqual(ctx.waits, [300, 550, 1050]);
  }, { maxAttempts: 4 });
});

Deno.test("query() succeeds when a retry succeeds", async () => {
  const ok = jsonResponse(recordsBody([["x", "Int64"]], [[7]]));
  const outcomes: string[] = [];
  await withFake([() => errorResponse(500, 1003, "internal"), () => ok], async (ctx) => {
    const r = await ctx.client.query("SELECT 7");
    assert.deepEqual(r.rows, [{ x: 7 }]);
    assert.equal(ctx.fake.requests.length, 2);
    assert.deepEqual(outcomes, ["ok"]);
  }, { onQuery: (o) => outcomes.push(o) });
});

Deno.test("query() honours Retry-After on 429, capped at 10 s", async (t) => {
  const cases: [string, number][] = [["2", 2000], ["0.5", 500], ["120", 10_000]];
  for (const [header, expected] of cases) {
    await t.step(`Retry-After: ${header}`, async () => {
      const busy: Responder = () =>
        jsonResponse({ code: 1003, error: "busy" }, 429, { "retry-after": header });
      await withFake([busy, () => jsonResponse({ output: [] })], async (ctx) => {
        await ctx.client.query("SELECT 1");
        assert.deepEqual(ctx.waits, [expected]);
        assert.equal(ctx.fake.requests.length, 2);
      });
    });
  }
});

Deno.test("query() does not retry other 4xx", async () => {
  await withFake([() => new Response("bad", { status: 400 })], async (ctx) => {
    const err = await ctx.client.query("SELECT 1").catch((e) => e);
    assert.ok(err instanceof GreptimeHttpError);
    assert.equal(err.status, 400);
    assert.equal(ctx.fake.requests.length, 1);
    assert.deepEqual(ctx.waits, []);
  });
});

Deno.test("query() never retries after the caller aborts", async () => {
  const controller = new AbortController();
  await withFake([hang()], async (ctx) => {
    const p = ctx.client.query("SELECT 1", { signal: controller.signal }).catch((e) => e);
    while (ctx.fake.requests.length === 0) await new Promise((r) => setTimeout(r, 5));
    controller.abort(new Error("caller gave up"));
    const err = await p;
    assert.equal(err.message, "caller gave up");
    assert.equal(ctx.fake.requests.length, 1);
    assert.deepEqual(ctx.waits, []);
  }, { timeoutMs: 5000 });
});

Deno.test("query() with an already aborted signal sends nothing", async () => {
  await withFake([() => jsonResponse({ output: [] })], async (ctx) => {
    const err = await ctx.client.query("SELECT 1", { signal: AbortSignal.abort() }).catch((e) => e);
    assert.equal(err.name, "AbortError");
    assert.equal(ctx.fake.requests.length, 0);
  });
});

Deno.test("query() reports a refused connection as GreptimeNetworkError after retries", async () => {
  const fake = await startFakeGreptime([() => jsonResponse({})]);
  const url = fake.url;
  await fake.close();
  const waits: number[] = [];
  const outcomes: [string, number][] = [];
  let clock = 0;
  const client = createGreptimeClient({
    url,
    database: "liqwid",
    maxAttempts: 2,
    random: () => 0,
    sleep: (ms) => {
      waits.push(ms);
      clock += ms;
      return Promise.resolve();
    },
    now: () => clock,
    onQuery: (o, s) => outcomes.push([o, s]),
  });
  const err = await client.query("SELECT 1").catch((e) => e);
  assert.ok(err instanceof GreptimeNetworkError);
  assert.ok(err.cause instanceof Error);
  assert.deepEqual(waits, [250]);
  assert.deepEqual(outcomes, [["error", 0.25]]);
});

Deno.test("tableColumns() learns columns once per (db, table) and does not cache failures", async () => {
  let n = 0;
  const responder: Responder = (req) => {
    n++;
    if (req.form.get("sql") === "SELECT * FROM later LIMIT 0" && n < 4) {
      return errorResponse(400, 4001, "Table not found: greptime.liqwid.later");
    }
    return jsonResponse(recordsBody([["ts", "TimestampMillisecond"], ["notes", "String"]], []));
  };
  await withFake([responder], async ({ client, fake }) => {
    assert.deepEqual(await client.tableColumns("t1"), ["ts", "notes"]);
    assert.deepEqual(await client.tableColumns("t1"), ["ts", "notes"]);
    assert.equal(fake.requests.length, 1);
    assert.equal(fake.requests[0].form.get("sql"), "SELECT * FROM t1 LIMIT 0");
    await client.tableColumns("t1", { db: "minswap" });
    assert.equal(fake.requests.length, 2);
    assert.equal(fake.requests[1].form.get("db"), "minswap");
    const err = await client.tableColumns("later").catch((e) => e);
    assert.ok(err instanceof GreptimeQueryError && err.isTableNotFound);
    assert.deepEqual(await client.tableColumns("later"), ["ts", "notes"]);
    assert.equal(fake.requests.length, 4);
  });
});

Deno.test("tableColumns() rejects an invalid table name before sending", async () => {
  await withFake([() => jsonResponse({})], async ({ client, fake }) => {
    await assert.rejects(client.tableColumns("x; DROP TABLE y"), RangeError);
    assert.equal(fake.requests.length, 0);
  });
});
