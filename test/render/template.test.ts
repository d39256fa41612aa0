import { afterAll, describe, expect, it } from "vitest";
import { cpSync, existsSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { compileTemplate, readNotebook, renderNotebook, resolveTemplate } from "../../src/render/index.js";
import { bundleTemplate } from "../../src/render/template-bundle.js";
import { precompiledContent, precompiledPath, writePrecompiled } from "../../src/render/template-precompiled.js";

const scratch = mkdtempSync(join(tmpdir(), "icp-render-template-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
const notebookPath = join(import.meta.dirname, "..", "fixtures", "notebooks", "tags.ipynb");

describe("precompiled templates", () => {
  it("the default layout's precompiled file matches a fresh compile (UPDATE_SNAPSHOTS=1 rewrites it)", async () => {
    const file = resolveTemplate("default");
    const fresh = precompiledContent(file, await bundleTemplate(file));
    if (process.env.UPDATE_SNAPSHOTS) writeFileSync(precompiledPath(file), fresh);
    expect(existsSync(precompiledPath(file))).toBe(true);
    // the stored code names a placeholder folder, never this machine's path
    expect(readFileSync(precompiledPath(file), "utf8")).not.toContain(join(import.meta.dirname, "..", ".."));
    expect(readFileSync(precompiledPath(file), "utf8")).toBe(fresh);
  });

  it("the default layout renders from its precompiled file", async () => {
    const template = await compileTemplate(resolveTemplate("default"));
    expect(template.precompiled).toBe(true);
    expect(template.code).toContain(JSON.stringify(resolveTemplate("default")).slice(1, -1)); // element locations name the real file
  });

  it("ignores a precompiled file whose template changed, and uses one moved to another folder", async () => {
    const folder = join(scratch, "layout");
    cpSync(resolveTemplate("default"), join(folder, "report.mdx"));
    writeFileSync(join(folder, "report.mdx"), `${readFileSync(join(folder, "report.mdx"), "utf8")}\n<Cell id="no-such-cell" />\n`);
    writePrecompiled(join(folder, "report.mdx"), await bundleTemplate(join(folder, "report.mdx")));
    const moved = join(scratch, "moved");
    renameSync(folder, moved);
    const template = join(moved, "report.mdx");
    expect((await compileTemplate(template)).precompiled).toBe(true);
    // a render-time error names the template where it is now, with the element's line
    const notebook = await readNotebook(notebookPath);
    const lines = readFileSync(template, "utf8").split("\n");
    const cellLine = lines.findIndex((line) => line.includes("no-such-cell")) + 1;
    await expect(renderNotebook({ ...notebook, path: undefined }, { template })).rejects.toThrow(`template ${template}:${cellLine}: <Cell id="no-such-cell"/> matches no cell`);
    // edit the template: the precompiled file no longer matches its hash and is ignored
    writeFileSync(template, lines.filter((line) => !line.includes("no-such-cell")).join("\n") + "\n## EDITED_HEADING\n");
    const edited = await compileTemplate(template);
    expect(edited.precompiled).toBe(false);
    const { html } = await renderNotebook({ ...notebook, path: undefined }, { template });
    expect(html).toContain("EDITED_HEADING");
  });
});
