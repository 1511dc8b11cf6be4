import assert from "node:assert/strict";
import { excludeReferences, pickReference, resolveReference } from "../../src/evaluate/mod.ts";

const K = "alert_driven_withdrawal";

Deno.test("pickReference() takes the latest tagged withdrawal; all tagged at t0 are references", async (t) => {
  await t.step("latest tagged wins; untagged later rows ignored", () => {
    const rows = [
      { tsMs: 5, memo: `${K} first` },
      { tsMs: 9, memo: "manual rebalance" },
      { tsMs: 7, memo: `x ${K} y`, id: "a" },
      { tsMs: 7, memo: K, id: "b" },
      { tsMs: 7, memo: "untagged at t0", id: "c" },
    ];
    const pick = pickReference(rows, K);
    assert.equal(pick.t0Ms, 7);
    assert.deepEqual(pick.references.map((r) => (r as { id?: string }).id), ["a", "b"]);
  });
  await t.step("case-sensitive substring", () => {
    assert.equal(pickReference([{ tsMs: 1, memo: K.toUpperCase() }], K).t0Ms, null);
  });
  await t.step("none tagged", () => {
    assert.deepEqual(pickReference([{ tsMs: 1, memo: "" }], K), { t0Ms: null, references: [] });
  });
});

Deno.test("excludeReferences() removes exactly the reference objects", () => {
  const a = { tsMs: 7, memo: K };
  const twin = { tsMs: 7, memo: K }; // a duplicate row is a different flow (§23.11)
  const b = { tsMs: 8, memo: "" };
  assert.deepEqual(excludeReferences([a, twin, b], [a]), [twin, b]);
});

Deno.test("resolveReference() keyword, data_range and null fallbacks (§4.3)", async (t) => {
  const cases: [
    string,
    Parameters<typeof resolveReference>[0],
    ReturnType<typeof resolveReference>,
  ][] = [
    ["keyword", { keywordT0Ms: 5, fallback: "null", dateRangeStartMs: 1, earliestPositionMs: 2 }, {
      t0Ms: 5,
      refMode: "keyword",
    }],
    ["data_range start", {
      keywordT0Ms: null,
      fallback: "data_range",
      dateRangeStartMs: 1,
      earliestPositionMs: 2,
    }, { t0Ms: 1, refMode: "data_range" }],
    ["data_range earliest", {
      keywordT0Ms: null,
      fallback: "data_range",
      dateRangeStartMs: null,
      earliestPositionMs: 2,
    }, { t0Ms: 2, refMode: "data_range" }],
    ["data_range empty table", {
      keywordT0Ms: null,
      fallback: "data_range",
      dateRangeStartMs: null,
      earliestPositionMs: null,
    }, { t0Ms: null, refMode: "data_range" }],
    ["null", { keywordT0Ms: null, fallback: "null", dateRangeStartMs: 1, earliestPositionMs: 2 }, {
      t0Ms: null,
      refMode: "null",
    }],
  ];
  for (const [name, input, expected] of cases) {
    await t.step(name, () => assert.deepEqual(resolveReference(input), expected));
  }
});
