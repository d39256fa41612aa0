import { describe, expect, it } from "vitest";
import { join } from "node:path";
import { RenderError } from "../../src/errors/index.js";
import { readNotebook, renderNotebook } from "../../src/render/index.js";

const templates = join(import.meta.dirname, "templates");
const notebookPath = join(import.meta.dirname, "..", "fixtures", "notebooks", "tags.ipynb");

async function renderError(template: string): Promise<RenderError> {
  const notebook = await readNotebook(notebookPath);
  const error = await renderNotebook({ ...notebook, path: undefined }, { to: "html", template: join(templates, template) }).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(RenderError);
  return error as RenderError;
}

describe("errors while a template renders name the template file, line and component", () => {
  it("a template's own component that throws: the line of the element, the component, and where it threw", async () => {
    const error = await renderError("component-throws.mdx");
    // line 10 is <Thrower limit={3} />; line 8 renders the same component without error
    expect(error.message).toBe(
      `template ${join(templates, "component-throws.mdx")}:10: <Thrower> failed: Error: THROWER_LIMIT 3 is too big (thrown at ${join(templates, "thrower.tsx")}:3)`,
    );
    expect(error.context).toMatchObject({ template: join(templates, "component-throws.mdx"), line: 10, component: "Thrower" });
  });

  it("an expression that throws: its line and the code on it", async () => {
    const error = await renderError("expression-throws.mdx");
    expect(error.message).toMatch(/^template .*expression-throws\.mdx:5: TypeError: Cannot read properties of undefined \(reading 'value'\) in The missing one is \{props\.data\.kpis\.missing\.value\}\.$/);
    expect(error.context.line).toBe(5);
  });

  it("a component that is not defined (missed by the compile-time check): its line and name", async () => {
    const error = await renderError("undefined-component.mdx");
    expect(error.message).toMatch(/^template .*undefined-component\.mdx:4: unknown component <Kpi\.Big>; built-in components are Cover, Toc/);
    expect(error.context).toMatchObject({ line: 4, component: "Kpi.Big" });
  });

  it("a built-in component's own error gets the line of the element", async () => {
    const error = await renderError("missing-value.mdx");
    expect(error.message).toMatch(/^template .*missing-value\.mdx:6: <Value of="kpis\.nope"\/> is not in the notebook's data \(known: kpis\)$/);
    expect(error.context).toMatchObject({ line: 6, component: "Value" });
  });
});
