import assert from "node:assert/strict";
import { createRecordStore } from "../../src/jobs/record_store.ts";
import { fakeRecord } from "../support/fake_evaluator.ts";

Deno.test("createRecordStore() staleness follows §11.4", async (t) => {
  const store = createRecordStore({ intervalMinutes: 10 });
  const finished = Date.UTC(2025, 0, 1, 12);
  await t.step("stale before any record", () => {
    assert.deepEqual(store.status(finished), { stale: true, ageSeconds: null, finishedMs: null });
  });
  store.publish(fakeRecord(1, finished));
  const cases: [number, boolean, number][] = [
    [0, false, 0],
    [1_200_000, false, 1200],
    [1_200_001, true, 1200.001],
  ];
  for (const [ageMs, stale, ageSeconds] of cases) {
    await t.step(`age ${ageMs} ms → stale ${stale}`, () => {
      assert.deepEqual(store.status(finished + ageMs), { stale, ageSeconds, finishedMs: finished });
    });
  }
  await t.step("publish replaces the record", () => {
    store.publish(fakeRecord(2, finished + 5000));
    assert.equal(store.latest()?.evaluation_id, 2);
  });
  await t.step("a record without an ISO finished_at is refused", () => {
    assert.throws(
      () => store.publish({ ...fakeRecord(3, 0), finished_at: "yesterday" }),
      RangeError,
    );
    assert.equal(store.latest()?.evaluation_id, 2);
  });
});
