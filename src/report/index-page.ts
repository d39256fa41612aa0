/**
 * The summary page of a batch run: one row per combination with its headline KPIs and links to its
 * HTML and PDF report. Self-contained (inline CSS, relative links), so the folder can be zipped and
 * shared as it is.
 */
import { escapeHtml as escape } from "../display/index.js";
import { formatKpi, type ReportResults } from "./results.js";

export interface BatchEntry {
  combination: Record<string, string>;
  /** Folder of this run, relative to the index page. */
  dir: string;
  status: "ok" | "failed";
  error?: string;
  results?: ReportResults;
}

/** The index page's HTML. KPI columns are the union of all runs' KPI keys, in first-seen order. */
export function batchIndexHtml(title: string, entries: BatchEntry[]): string {
  const kpiKeys = [...new Set(entries.flatMap((e) => Object.keys(e.results?.kpis ?? {})))].slice(0, 6);
  const labelOf = (key: string) => entries.find((e) => e.results?.kpis[key])?.results?.kpis[key].label ?? key;
  const axes = [...new Set(entries.flatMap((e) => Object.keys(e.combination)))];
  const rows = entries.map((entry) => {
    const cells = axes.map((axis) => `<td>${escape(entry.combination[axis] ?? "")}</td>`);
    const kpis = kpiKeys.map((key) => {
      const kpi = entry.results?.kpis[key];
      return `<td class="num">${kpi ? escape(formatKpi(kpi.value, kpi.unit, entry.results?.currency)) : "—"}</td>`;
    });
    const links =
      entry.status === "ok"
        ? `<a href="${escape(entry.dir)}/report.html">HTML</a> · <a href="${escape(entry.dir)}/report.pdf">PDF</a>`
        : `<span class="failed">failed: ${escape(entry.error ?? "")}</span> (<a href="${escape(entry.dir)}">partial output</a>)`;
    return `<tr>${cells.join("")}${kpis.join("")}<td>${links}</td></tr>`;
  });
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escape(title)}</title>
<style>
body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Liberation Sans",sans-serif;margin:2rem auto;max-width:72rem;color:#1f2933;padding:0 1rem}
h1{font-size:1.6rem}table{border-collapse:collapse;width:100%}th,td{padding:.45rem .7rem;border-bottom:1px solid #d9e2ec;text-align:left}
th{background:#f0f4f8;font-weight:600}td.num{text-align:right;font-variant-numeric:tabular-nums}.failed{color:#b42318}
</style></head><body>
<h1>${escape(title)}</h1>
<p>${entries.length} report${entries.length === 1 ? "" : "s"}, ${entries.filter((e) => e.status === "ok").length} succeeded.</p>
<table><thead><tr>${axes.map((a) => `<th>${escape(a)}</th>`).join("")}${kpiKeys.map((k) => `<th>${escape(labelOf(k))}</th>`).join("")}<th>Report</th></tr></thead>
<tbody>
${rows.join("\n")}
</tbody></table>
</body></html>
`;
}
