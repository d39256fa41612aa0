import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoDataset, PLANTED_SIGNALS, type Dataset } from "../../src/data/index.js";
import { evaluateCriteria } from "../../src/criteria/index.js";
import { portrait } from "../../src/portrait/index.js";

// The demo generator plants attribute effects on a hidden quality score (src/data/demo-signals.ts);
// the portrait of the default ideal group must recover their direction and find nothing for region.
let dataset: Dataset;
beforeAll(async () => {
  dataset = await demoDataset({ customers: 5000, seed: 42 });
});
afterAll(() => dataset.close());

describe("the portrait finds the demo data's planted signals", () => {
  it("over- and under-represented values, and no region effect", async () => {
    const evaluation = await evaluateCriteria(dataset, { asOf: PLANTED_SIGNALS.analysisDate });
    const result = await portrait(evaluation);
    const found = (attribute: string, value: string) => result.findingList.find((f) => f.attribute === attribute && f.value === value);
    for (const [attribute, values] of Object.entries(PLANTED_SIGNALS.idealOverRepresented)) {
      for (const value of values) expect(found(attribute, value)?.lift, `${attribute}=${value}`).toBeGreaterThan(1);
    }
    for (const [attribute, values] of Object.entries(PLANTED_SIGNALS.idealUnderRepresented)) {
      for (const value of values) expect(found(attribute, value)?.lift, `${attribute}=${value}`).toBeLessThan(1);
    }
    for (const attribute of PLANTED_SIGNALS.noSignal) expect(result.findingList.filter((f) => f.attribute === attribute)).toEqual([]);
    // Every criterion is evaluable on the demo data (all eleven tables are filled).
    expect(evaluation.notEvaluable).toEqual([]);
  });
});
