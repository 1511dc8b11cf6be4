import assert from "node:assert/strict";
import { parseConfig } from "../../src/config/parse.ts";
import { errorLines, yaml } from "./helpers.ts";

const ADDR =
  "addr1qxj6rl9h0dfperfwkef5p0vc9awvy62495qfhfurc8m9a0066ewjucacqpsjl4qmmrrkukk3ngysew30y8fxvqg0arqqqvjytg";

async function webSha256(text: string): Promise<string> {
  const d = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return Array.from(new Uint8Array(d), (b) => b.toString(16).padStart(2, "0")).join("");
}

Deno.test("resolveEnv() reads every env-capable key from the environment (§2.2)", () => {
  const text = yaml(
    "data:",
    "  databases:",
    "    greptime:",
    "      host_env: GT_HOST",
    "      username_env: GT_USER",
    "      password_env: GT_PASS",
    "prices:",
    "  endpoints:",
    "    liqwid_graphql_env: LQ",
    "    minswap_aggregator_env: MS",
    "runtime:",
    "  auth:",
    "    enabled: true",
    "    username_env: AUTH_USER",
    "    password_hash_env: AUTH_HASH",
    "wallets:",
    "  - address_env: W1",
    "    label: main",
  );
  const env = {
    GT_HOST: "db.internal",
    GT_USER: "reader",
    GT_PASS: "s3cret",
    LQ: "https://liqwid.test/graphql",
    MS: "https://minswap.test",
    AUTH_USER: "admin",
    AUTH_HASH: "sha256:" + "b".repeat(64),
    W1: ADDR,
  };
  const { config } = parseConfig(text, { env });
  assert.equal(config.data.databases.greptime.host, "http://db.internal");
  assert.equal(config.data.databases.greptime.username, "reader");
  assert.equal(config.data.databases.greptime.password, "s3cret");
  assert.equal(config.prices.endpoints.liqwid_graphql, "https://liqwid.test/graphql");
  assert.equal(config.prices.endpoints.minswap_aggregator, "https://minswap.test");
  assert.equal(config.runtime.auth.username, "admin");
  assert.equal(config.runtime.auth.password_hash, "sha256:" + "b".repeat(64));
  assert.deepEqual(config.wallets, [{ address: ADDR, label: "main" }]);
});

Deno.test("resolveEnv() rejects both X and X_env, blank variables and invalid env values", async (t) => {
  const cases: [string, string, Record<string, string>, string[]][] = [
    [
      "both set",
      yaml(
        "data:",
        "  databases:",
        "    greptime:",
        "      username: u",
        "      password: x",
        "      password_env: P",
      ),
      { P: "y" },
      ["config error: c.yaml:6:7: data.databases.greptime.password_env: cannot set both password and password_env"],
    ],
    [
      "blank after trimming",
      yaml("data:", "  databases:", "    greptime:", "      host_env: H"),
      { H: "   " },
      ["config error: c.yaml:4:17: data.databases.greptime.host_env: environment variable H not set"],
    ],
    [
      "value validated like a literal, located at the _env key",
      yaml("prices:", "  endpoints:", "    liqwid_graphql_env: LQ"),
      { LQ: "not a url" },
      ['config error: c.yaml:3:25: prices.endpoints.liqwid_graphql_env: must be an absolute http(s) URL; got "not a url"'],
    ],
    [
      "wallet address from env is validated",
      yaml("wallets:", "  - address_env: W"),
      { W: "addr1short" },
      ['config error: c.yaml:2:18: wallets[0].address_env: must be a Cardano address (addr1…); got "addr1short"'],
    ],
    [
      "missing wallet address variable is reported once",
      yaml("wallets:", "  - address_env: W"),
      {},
      ["config error: c.yaml:2:18: wallets[0].address_env: environment variable W not set"],
    ],
  ];
  for (const [name, text, env, expected] of cases) {
    await t.step(name, () => assert.deepEqual(errorLines(text, { env }), expected));
  }
});

Deno.test("resolveEnv() turns pass_env into an in-memory sha256 hash and user_env into username_env", async () => {
  const text = yaml(
    "runtime:",
    "  auth:",
    "    enabled: true",
    "    user_env: U",
    "    pass_env: PW",
  );
  const { config } = parseConfig(text, { env: { U: "ops", PW: "correct horse" } });
  assert.equal(config.runtime.auth.username, "ops");
  assert.equal(config.runtime.auth.password_hash, `sha256:${await webSha256("correct horse")}`);
});

Deno.test("applyAliases() maps the v2 aliases and warns about ignored keys (§2.5)", () => {
  const text = yaml(
    "analysis:",
    "  trend_indicator:",
    "    gaussian_kde_sigma_fraction: 0.4",
    "  price_compare:",
    "    request_timeout_seconds: 7",
    "    retries: 3",
    "    currency: usd",
    "  decision:",
    "    reference:",
    "      plot_fallback: true",
    "runtime:",
    "  telemetry:",
    "    expose:",
    "      price_usd_by_source: false",
    "      rate_usd: true",
    "      rate_ada: true",
    "prices:",
    "  endpoints:",
    "    koios: https://koios.test",
    "visualization:",
    "  diagnostics:",
    "    hist_samples_per_bin: 4",
    "    aggregation:",
    "      ui_time_units: [1h]",
  );
  const { config, warnings } = parseConfig(text, {});
  assert.equal(config.analysis.trend_indicator.gaussian_std, 0.4);
  assert.equal(config.prices.request_timeout_seconds, 7);
  assert.equal(config.runtime.telemetry.expose.price_usd, false);
  assert.deepEqual(warnings.filter((w) => w.includes("ignored")).sort(), [
    "analysis.decision.reference.plot_fallback: accepted but ignored",
    "analysis.price_compare.currency: accepted but ignored",
    "analysis.price_compare.retries: accepted but ignored",
    "prices.endpoints.koios: accepted but ignored",
    "runtime.telemetry.expose.rate_ada: accepted but ignored",
    "runtime.telemetry.expose.rate_usd: accepted but ignored",
    "visualization.diagnostics.aggregation.ui_time_units: accepted but ignored",
    "visualization.diagnostics.hist_samples_per_bin: accepted but ignored",
  ]);
});

Deno.test("applyAliases() rejects an alias set together with its canonical key", () => {
  assert.deepEqual(
    errorLines(yaml(
      "prices:",
      "  request_timeout_seconds: 5",
      "analysis:",
      "  price_compare:",
      "    request_timeout_seconds: 7",
    )),
    [
      "config error: c.yaml:5:5: analysis.price_compare.request_timeout_seconds: conflicts with prices.request_timeout_seconds",
    ],
  );
});

Deno.test("parseConfig() rejects an unknown expose name", () => {
  assert.deepEqual(errorLines("runtime:\n  telemetry:\n    expose:\n      bogus: true\n"), [
    "config error: c.yaml:4:7: runtime.telemetry.expose.bogus: unknown key",
  ]);
});
