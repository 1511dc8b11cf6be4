import assert from "node:assert/strict";
import { parseTokenRegistry, TokenRegistryError } from "../../src/config/mod.ts";
import { tokenIdFor } from "../../src/prices/context.ts";

const POLICY = "8db269c3ec630e06ae29f74bc39edd1f87c819f1056206e879a1cd61";

Deno.test("token registry: a bad policy id is reported with its line number (§2.8.2)", () => {
  const text = [
    "# registry",
    "",
    "asset,policy_id,token_name_hex",
    `djed,${POLICY},446a656432`,
    "usdm,c48cbb3d5e57ed56e276bc45f99ab39abe94e6cd7ac39fb402da47a,0014df105553444d", // 55 hex
  ].join("\n");
  const err = (() => {
    try {
      parseTokenRegistry(text, "config/token_registry.csv");
      return null;
    } catch (e) {
      return e;
    }
  })();
  assert.ok(err instanceof TokenRegistryError);
  assert.equal(err.problems.length, 1);
  assert.equal(err.problems[0].line, 5);
  assert.match(err.lines()[0], /^token registry error: config\/token_registry\.csv:5: /);
  assert.match(err.lines()[0], /policy/i);
});

Deno.test("tokenIdFor() uses the asset row, then the alternate name's row, lower-cased", () => {
  const reg = parseTokenRegistry(
    `asset,policy_id,token_name_hex\ndjed,${POLICY.toUpperCase()},446A656432\nusdx,${POLICY},00\n`,
    "r.csv",
  );
  assert.equal(tokenIdFor(reg, "djed", null), POLICY + "446a656432");
  assert.equal(tokenIdFor(reg, "usdm", "usdx"), POLICY + "00");
  assert.equal(tokenIdFor(reg, "iusd", null), null);
  assert.equal(tokenIdFor(null, "djed", null), null);
});
