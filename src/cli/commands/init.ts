/**
 * `icp init DIR`: scaffold an analysis project for an analyst starting fresh — a copy of the
 * quarterly template (notebook, layout, template.yaml) that `icp report DIR` runs as it is, a data
 * folder (with demo data unless --no-demo-data, so the first run works at once), and a README
 * saying what to do next.
 */
import { existsSync } from "node:fs";
import { cp, mkdir, readdir, writeFile } from "node:fs/promises";
import { basename, join, resolve } from "node:path";
import type { Command } from "commander";
import { ParameterError } from "../../errors/index.js";

interface InitOptions {
  template: string;
  demoData: boolean;
  force?: boolean;
}

/** Register `icp init`. */
export function registerInitCommand(program: Command): void {
  program
    .command("init")
    .description("scaffold a new analysis project: template notebook and layout, data folder, README")
    .argument("<dir>", "folder to create")
    .option("--template <name|path>", "template to start from", "quarterly-icp")
    .option("--no-demo-data", "leave data/ empty instead of filling it with demo data")
    .option("--force", "write into a folder that is not empty")
    .action(async (dir: string, options: InitOptions) => {
      const target = resolve(dir);
      if (existsSync(target) && (await readdir(target)).length > 0 && !options.force) {
        throw new ParameterError(`${target} is not empty (use --force to write into it anyway)`, { dir: target });
      }
      const { loadTemplate } = await import("../../report/index.js");
      const { writeDemoData } = await import("../../data/index.js");
      const template = loadTemplate(options.template);
      await mkdir(target, { recursive: true });
      await cp(template.dir, target, { recursive: true, filter: (source) => !source.includes("node_modules") });
      const dataDir = join(target, "data");
      await mkdir(dataDir, { recursive: true });
      if (options.demoData) await writeDemoData(dataDir, { formats: ["csv"] });
      await writeFile(join(target, "README.md"), projectReadme(basename(target), template.spec.title, options.demoData));
      process.stderr.write(`icp init: created ${target}\n`);
      process.stdout.write(`${target}\n`);
    });
}

function projectReadme(name: string, title: string, demoData: boolean): string {
  return `# ${name}

An icp-lab analysis project, started from the template "${title}".

- \`data/\` — your data files: \`customers\`, \`orders\` (required) and optionally \`events\`, \`touches\`,
  \`trials\`, \`nps\`, \`reviews\`, \`referrals\`, \`seats\`, \`departments\`, \`promotions\`, as CSV, JSON or
  Parquet (column names and types: see icp-lab's README, "Data model").${demoData ? " It holds demo data now: replace it with yours." : ""}
- \`${name === "" ? "" : ""}quarterly-icp.ipynb\` — the analysis notebook (open it in Jupyter with the "TypeScript (icp-lab)"
  kernel: \`icp kernel install\` once).
- \`report.mdx\` — the stakeholder report's layout; \`template.yaml\` — the parameters and their defaults.

Check the data, then produce the report for a quarter:

\`\`\`sh
icp data check data
icp report . -p quarter=2026Q3 -p dataDir=data -o reports/2026Q3
\`\`\`

Next quarter, run the same command with the new quarter: the report compares itself with the
previous quarter's run in \`reports/\`.
`;
}
