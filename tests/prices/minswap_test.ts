import assert from "node:assert/strict";
import { createMinswapClient } from "../../src/prices/minswap.ts";
import { PriceApiError } from "../../src/prices/http.ts";
import { startFakeMinswap } from "../support/fake_minswap.ts";

const ID = "8db269c3ec630e06ae29f74bc39edd1f87c819f1056206e879a1cd61446a656432";

Deno.test("createMinswapClient().adaPrice() reads value.price for the configured currency", async () => {
  const fake = startFakeMinswap({ adaPrice: 0.42 });
  try {
    const client = createMinswapClient({
      baseUrl: fake.url + "/",
      currency: "eur",
      timeoutMs: 2000,
    });
    assert.equal(await client.adaPrice(), 0.42);
    assert.equal(fake.requests[0].path, "/aggregator/ada-price");
    assert.equal(fake.requests[0].currency, "eur");
    fake.adaPrice = null;
    assert.equal(await client.adaPrice(), null);
  } finally {
    await fake.close();
  }
});

Deno.test("createMinswapClient().tokenPrices() posts the ids and matches token_id case-insensitively", async () => {
  const fake = startFakeMinswap({ tokenPrices: { [ID]: 2.5 } });
  try {
    const client = createMinswapClient({ baseUrl: fake.url, currency: "usd", timeoutMs: 2000 });
    const prices = await client.tokenPrices([ID, "ff".repeat(30)]);
    assert.equal(prices.get(ID), 2.5);
    assert.equal(prices.size, 1);
    assert.deepEqual(fake.requests[0].body, {
      query: "",
      only_verified: false,
      assets: [ID, "ff".repeat(30)],
    });
  } finally {
    await fake.close();
  }
});

Deno.test("createMinswapClient() retries a 500 once, fails on malformed JSON", async (t) => {
  await t.step("500 then success", async () => {
    const fake = startFakeMinswap({ adaPrice: 0.5 });
    try {
      const client = createMinswapClient({
        baseUrl: fake.url,
        currency: "usd",
        timeoutMs: 2000,
        sleep: () => Promise.resolve(),
      });
      fake.fail("http_500");
      assert.equal(await client.adaPrice(), 0.5);
      assert.equal(fake.requests.length, 2);
    } finally {
      await fake.close();
    }
  });
  await t.step("malformed JSON", async () => {
    const fake = startFakeMinswap({ adaPrice: 0.5 });
    try {
      const client = createMinswapClient({ baseUrl: fake.url, currency: "usd", timeoutMs: 2000 });
      fake.fail("malformed_json");
      const err = await client.adaPrice().then(() => null, (e) => e);
      assert.ok(err instanceof PriceApiError);
      assert.equal(err.kind, "malformed");
      assert.equal(fake.requests.length, 1);
    } finally {
      await fake.close();
    }
  });
  await t.step("timeout", async () => {
    const fake = startFakeMinswap({ adaPrice: 0.5, timeoutDelayMs: 3000 });
    try {
      const client = createMinswapClient({ baseUrl: fake.url, currency: "usd", timeoutMs: 100 });
      fake.fail("timeout");
      const err = await client.adaPrice().then(() => null, (e) => e);
      assert.ok(err instanceof PriceApiError);
      assert.equal(err.kind, "timeout");
    } finally {
      await fake.close();
    }
  });
});
