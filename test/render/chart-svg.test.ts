/**
 * Chart SVG snapshots (Observable Plot style): the SVG the renderer inlines for a few charts is
 * compared with test/render/snapshots/*.svg. After an intended change, update them with
 *   UPDATE_SNAPSHOTS=1 npx vitest run test/render/chart-svg.test.ts
 * and look at the new files before committing. A mismatch shows a line diff of the SVG.
 */
import { describe, expect, it } from "vitest";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { readNotebook, renderOutput, selectMime } from "../../src/render/index.js";

const snapshots = join(import.meta.dirname, "snapshots");
const fixtures = join(import.meta.dirname, "..", "fixtures", "notebooks");

async function chartSvg(cellId: string): Promise<string> {
  const notebook = await readNotebook(join(fixtures, "all-outputs.ipynb"));
  const output = notebook.cells.find((cell) => cell.id === cellId)!.outputs[0];
  if (output.output_type !== "display_data") throw new Error("fixture changed");
  const rendered = await renderOutput(selectMime(output.data), { trust: false, idPrefix: "", usedIds: new Set() });
  // one element per line so a failing comparison shows a readable diff
  return rendered.html.replace(/></g, ">\n<") + "\n";
}

function matchSnapshot(name: string, actual: string): void {
  const file = join(snapshots, name);
  if (process.env.UPDATE_SNAPSHOTS === "1" || !existsSync(file)) {
    mkdirSync(snapshots, { recursive: true });
    writeFileSync(file, actual);
  }
  expect(actual).toBe(readFileSync(file, "utf8"));
}

describe("chart SVG snapshots", () => {
  it("vega-lite bar chart", async () => {
    const svg = await chartSvg("vegalite-out");
    expect(svg).toContain("Customers by channel");
    matchSnapshot("vegalite-bar.svg", svg);
  });

  it("vega bar chart", async () => {
    const svg = await chartSvg("vega-out");
    expect(svg).toContain("vega x axis");
    matchSnapshot("vega-bar.svg", svg);
  });
});
