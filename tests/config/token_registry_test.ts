import assert from "node:assert/strict";
import { parseConfig } from "../../src/config/parse.ts";
import {
  parseTokenRegistry,
  registryCoverage,
  registryEntryFor,
  registryRequired,
  TokenRegistryError,
} from "../../src/config/token_registry.ts";

const POLICY = "8db269c3ec630e06ae29f74bc39edd1f87c819f1056206e879a1cd61";

function registryErrors(text: string): string[] {
  try {
    parseTokenRegistry(text, "reg.csv");
  } catch (e) {
    assert.ok(e instanceof TokenRegistryError);
    return e.lines();
  }
  assert.fail("expected TokenRegistryError");
}

Deno.test("parseTokenRegistry() loads the example registry", async () => {
  const text = await Deno.readTextFile(
    new URL("../../config/token_registry.csv.example", import.meta.url),
  );
  const reg = parseTokenRegistry(text, "config/token_registry.csv");
  assert.deepEqual(reg.entries.map((e) => e.asset), ["djed", "usdm"]);
  assert.equal(reg.byAsset.get("djed")?.token_id, `${POLICY}446a656432`);
  assert.equal(reg.byAsset.get("usdm")?.token_name_hex, "0014df105553444d");
});

Deno.test("parseTokenRegistry() skips comments and blank lines, accepts CRLF, lower-cases hex", () => {
  const text = [
    "# token registry",
    "",
    " ASSET , Policy_ID , token_name_hex ",
    "  # a comment",
    `DJED,${POLICY.toUpperCase()},446A656432`,
    `empty,${POLICY},`,
    "",
  ].join("\r\n");
  const reg = parseTokenRegistry(text, "reg.csv");
  assert.deepEqual(reg.entries.map((e) => [e.asset, e.policy_id, e.token_name_hex, e.line]), [
    ["djed", POLICY, "446a656432", 5],
    ["empty", POLICY, "", 6],
  ]);
});

Deno.test("parseTokenRegistry() reports every problem with its line number", async (t) => {
  const cases: [string, string, string[]][] = [
    [
      "bad policy id",
      `asset,policy_id,token_name_hex\n\ndjed,${POLICY.slice(0, 54)},00\n`,
      [`token registry error: reg.csv:3: policy_id must be exactly 56 hex digits; got "${
        POLICY.slice(0, 54)
      }"`],
    ],
    [
      "odd token name and wrong cell count",
      `asset,policy_id,token_name_hex\ndjed,${POLICY},abc\nusdm,${POLICY}\n`,
      [
        'token registry error: reg.csv:2: token_name_hex must be an even number (0..64) of hex digits; got "abc"',
        "token registry error: reg.csv:3: expected 3 cells (asset,policy_id,token_name_hex), got 2",
      ],
    ],
    [
      "duplicate asset",
      `asset,policy_id,token_name_hex\ndjed,${POLICY},00\nDJED,${POLICY},01\n`,
      ['token registry error: reg.csv:3: duplicate asset "djed" (first on line 2)'],
    ],
    [
      "bad header",
      `name,policy,hex\ndjed,${POLICY},00\n`,
      ['token registry error: reg.csv:1: expected header "asset,policy_id,token_name_hex", got "name,policy,hex"'],
    ],
    [
      "bad asset name",
      `asset,policy_id,token_name_hex\nd-jed,${POLICY},00\n`,
      ['token registry error: reg.csv:2: asset must match ^[a-z0-9_]{1,48}$; got "d-jed"'],
    ],
    ["empty file", "\n# nothing\n", [
      'token registry error: reg.csv:1: missing header "asset,policy_id,token_name_hex"',
    ]],
  ];
  for (const [name, text, expected] of cases) {
    await t.step(name, () => assert.deepEqual(registryErrors(text), expected));
  }
});

Deno.test("registryRequired() is true only when minswap_aggregator is in a priority list", async (t) => {
  const cases: [string, string, boolean][] = [
    ["no prices", "domain:\n  assets: [a]\n", false],
    [
      "explicit list",
      "prices:\n  endpoints: {minswap_aggregator: 'https://m.test'}\n  priority_by_logical:\n    minswap: [minswap_aggregator]\n",
      true,
    ],
    ["default list of a minswap source", "prices:\n  sources: [minswap]\n", true],
    [
      "greptime only",
      "prices:\n  sources: [minswap]\n  priority_by_logical:\n    minswap: [greptime(minswap)]\n",
      false,
    ],
  ];
  for (const [name, text, expected] of cases) {
    await t.step(
      name,
      () => assert.equal(registryRequired(parseConfig(text, {}).config), expected),
    );
  }
});

Deno.test("registryCoverage() and registryEntryFor() match by asset, then alternate name", () => {
  const { config } = parseConfig(
    "domain:\n  assets: [djed, wanusdc, usdm]\n  alternate_names: {wanusdc: usdc}\n",
    {},
  );
  const reg = parseTokenRegistry(
    `asset,policy_id,token_name_hex\ndjed,${POLICY},00\nusdc,${POLICY},01\n`,
    "r.csv",
  );
  assert.deepEqual(registryCoverage(config, reg), {
    covered: ["djed", "wanusdc"],
    missing: ["usdm"],
  });
  assert.equal(registryEntryFor(config, reg, "wanusdc")?.token_name_hex, "01");
  assert.equal(registryEntryFor(config, reg, "usdm"), undefined);
});
