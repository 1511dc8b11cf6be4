/**
 * Bounded HTTP load measurement (not a test): starts the demo service (`cli.ts --demo`) as a
 * separate process on 127.0.0.1, waits for `/readyz`, then loads `/metrics` and `/dashboard`
 * with 50 concurrent connections for a fixed duration each and prints requests per second.
 *
 * Uses `wrk` when installed (`apt-get install wrk`), else a fetch-based load generator in
 * this process (which competes with the server for CPU, so its figures are lower bounds).
 *
 * Usage:
 *   deno run -A bench/http_load.ts [--seconds 10] [--connections 50] [--url http://127.0.0.1:PORT]
 *
 * With `--url` no server is started (measure an already running instance).
 * Targets (issue 3): /metrics ≥ 3000 req/s and /dashboard ≥ 300 req/s on a 2-core machine.
 */

interface Args {
  seconds: number;
  connections: number;
  url: string | null;
}

function parseArgs(argv: string[]): Args {
  const out: Args = { seconds: 10, connections: 50, url: null };
  for (let i = 0; i < argv.length; i++) {
    const v = argv[i + 1];
    if (argv[i] === "--seconds") (out.seconds = Number(v), i++);
    else if (argv[i] === "--connections") (out.connections = Number(v), i++);
    else if (argv[i] === "--url") (out.url = v, i++);
    else throw new Error(`unknown argument ${argv[i]}`);
  }
  if (!(out.seconds > 0 && out.seconds <= 120)) throw new Error("--seconds must be in (0, 120]");
  if (!(out.connections >= 1 && out.connections <= 1000)) throw new Error("bad --connections");
  return out;
}

function freePort(): number {
  const l = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (l.addr as Deno.NetAddr).port;
  l.close();
  return port;
}

async function waitReady(base: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(`${base}/readyz`);
      await res.body?.cancel();
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${base} not ready after ${timeoutMs} ms`);
}

function hasWrk(): boolean {
  try {
    return Deno.statSync("/usr/bin/wrk").isFile;
  } catch {
    return false;
  }
}

interface Result {
  path: string;
  tool: string;
  requests: number;
  seconds: number;
  rps: number;
  non2xx: number;
  p99Ms: number | null;
}

async function runWrk(url: string, args: Args): Promise<Result> {
  const out = await new Deno.Command("wrk", {
    args: ["-t2", `-c${args.connections}`, `-d${args.seconds}s`, "--latency", url],
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder().decode(out.stdout);
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(text)?.[1] ?? NaN);
  const requests = Number(/(\d+) requests in/.exec(text)?.[1] ?? NaN);
  const non2xx = Number(/Non-2xx or 3xx responses:\s+(\d+)/.exec(text)?.[1] ?? 0);
  const p99 = /99%\s+([\d.]+)(us|ms|s)/.exec(text);
  const p99Ms = p99 ? Number(p99[1]) * (p99[2] === "us" ? 0.001 : p99[2] === "s" ? 1000 : 1) : null;
  return {
    path: new URL(url).pathname + new URL(url).search,
    tool: "wrk",
    requests,
    seconds: args.seconds,
    rps,
    non2xx,
    p99Ms,
  };
}

async function runFetch(url: string, args: Args): Promise<Result> {
  const end = performance.now() + args.seconds * 1000;
  let requests = 0;
  let non2xx = 0;
  const worker = async () => {
    while (performance.now() < end) {
      const res = await fetch(url);
      await res.arrayBuffer();
      requests++;
      if (res.status >= 300) non2xx++;
    }
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: args.connections }, worker));
  const seconds = (performance.now() - t0) / 1000;
  return {
    path: new URL(url).pathname + new URL(url).search,
    tool: "fetch",
    requests,
    seconds,
    rps: requests / seconds,
    non2xx,
    p99Ms: null,
  };
}

async function main(): Promise<void> {
  const args = parseArgs(Deno.args);
  let child: Deno.ChildProcess | null = null;
  let base = args.url;
  if (base === null) {
    const port = freePort();
    base = `http://127.0.0.1:${port}`;
    child = new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", "cli.ts", "--demo", "--port", String(port), "--log-level", "WARNING"],
      cwd: new URL("..", import.meta.url),
      stdout: "null",
      stderr: "inherit",
    }).spawn();
  }
  try {
    await waitReady(base, 60_000);
    const tool = hasWrk() ? runWrk : runFetch;
    const results: Result[] = [];
    for (const path of ["/metrics", "/dashboard?asset=djed"]) {
      // Short warm-up so JIT and caches are settled before measuring.
      await tool(base + path, { ...args, seconds: 1 });
      results.push(await tool(base + path, args));
    }
    console.log(`HTTP load against ${base} (${args.connections} connections):`);
    for (const r of results) {
      console.log(
        `  ${r.path.padEnd(22)} ${r.rps.toFixed(0).padStart(7)} req/s  ` +
          `(${r.requests} requests in ${r.seconds.toFixed(1)} s, ${r.non2xx} non-2xx, ` +
          `p99 ${r.p99Ms === null ? "n/a" : `${r.p99Ms.toFixed(1)} ms`}, ${r.tool})`,
      );
    }
    console.log(JSON.stringify({ base, connections: args.connections, results }));
  } finally {
    if (child) {
      child.kill("SIGTERM");
      await child.status;
    }
  }
}

if (import.meta.main) await main();
