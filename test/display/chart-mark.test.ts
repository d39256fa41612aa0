import { describe, expect, it } from "vitest";
import { CHART_SVG_MARK_KEY, chartToolVersions, displayPayloadOf, reusableChartSvg, show, setDisplaySink, VEGALITE_MIME, type DisplayPayload } from "../../src/display/index.js";

const spec = { $schema: "https://vega.github.io/schema/vega-lite/v5.json", mark: "bar", data: { values: [{ plan: "pro", n: 3 }] }, encoding: { x: { field: "plan", type: "nominal" }, y: { field: "n", type: "quantitative" } } };
/** The payload as it comes back from an .ipynb: JSON written and read again. */
const roundTrip = (payload: DisplayPayload) => JSON.parse(JSON.stringify(payload)) as DisplayPayload;

describe("the mark on a chart's SVG", () => {
  it("records the spec's mime type, the vega and vega-lite versions and the spec's hash", async () => {
    const { data, metadata } = await displayPayloadOf(spec);
    expect(typeof data["image/svg+xml"]).toBe("string");
    const mark = (metadata["image/svg+xml"] as Record<string, Record<string, unknown>>)[CHART_SVG_MARK_KEY];
    expect(mark.from).toBe(VEGALITE_MIME);
    expect(mark.vega).toBe(chartToolVersions().vega);
    expect(mark.vegaLite).toBe(chartToolVersions().vegaLite);
    expect(mark.spec).toMatch(/^[0-9a-f]{64}$/);
    expect(chartToolVersions().vega).toMatch(/^\d+\.\d+\.\d+/);
  });

  it("lets a renderer reuse the SVG only for the same spec drawn by the same versions", async () => {
    const payload = roundTrip(await displayPayloadOf(spec));
    expect(reusableChartSvg(payload.data, payload.metadata, VEGALITE_MIME)).toBe(payload.data["image/svg+xml"]);
    // the spec was edited after it was drawn
    const edited = structuredClone(payload);
    (edited.data[VEGALITE_MIME] as { mark: string }).mark = "line";
    expect(reusableChartSvg(edited.data, edited.metadata, VEGALITE_MIME)).toBeUndefined();
    // another vega drew it
    const otherVega = structuredClone(payload);
    ((otherVega.metadata["image/svg+xml"] as Record<string, Record<string, unknown>>)[CHART_SVG_MARK_KEY]).vega = "5.0.0";
    expect(reusableChartSvg(otherVega.data, otherVega.metadata, VEGALITE_MIME)).toBeUndefined();
    // no mark: another tool's bundle
    expect(reusableChartSvg(payload.data, {}, VEGALITE_MIME)).toBeUndefined();
  });

  it("goes out with show() as display_data metadata", async () => {
    const sent: DisplayPayload[] = [];
    setDisplaySink({ display: (payload) => sent.push(payload), clearOutput: () => undefined });
    try {
      await show(spec);
      await show("text");
    } finally {
      setDisplaySink(undefined);
    }
    expect(reusableChartSvg(sent[0].data, sent[0].metadata, VEGALITE_MIME)).toBe(sent[0].data["image/svg+xml"]);
    expect(sent[1].metadata).toEqual({});
  });
});
