/**
 * arquero tables as notebook output: a readable HTML table (row and column counts, each column's
 * kind under its name, numbers right-aligned with thousands separators, ISO dates) paginated
 * without JavaScript — the first page open, later pages in collapsed `<details>` blocks, so it works
 * in untrusted notebooks, nbconvert HTML, GitHub and our report renderer — plus a fixed-width
 * `text/plain` rendering.
 */
import { escapeHtml, formatValue, inferColumnKind, type ColumnKind } from "./format.js";
import type { MimeBundle } from "./mime.js";

/** The part of arquero's ColumnTable that display needs (duck-typed: any arquero copy works). */
export interface TableLike {
  numRows(): number;
  columnNames(): string[];
  column(name: string): { at(row: number): unknown } | undefined;
  /**
   * arquero's row objects, which honour the table's filter and order (its columns hold the
   * unfiltered storage; `column(name).at(i)` reads storage row i). Used when present.
   */
  objects?(options?: { limit?: number }): Record<string, unknown>[];
}

export interface TableDisplayOptions {
  /** Rows per page; default 10. */
  pageSize?: number;
  /** Rows rendered at most (later rows are only counted); default 100. */
  maxRows?: number;
  /** Rows in the text/plain rendering; default 10. */
  textRows?: number;
}

const DEFAULTS: Required<TableDisplayOptions> = { pageSize: 10, maxRows: 100, textRows: 10 };
const NUMERIC_KINDS: ColumnKind[] = ["integer", "number", "bigint"];

/**
 * True for arquero tables (and anything with the same three methods).
 * @example
 * isTableLike(aq.table({ a: [1] })) // true
 */
export function isTableLike(value: unknown): value is TableLike {
  const table = value as Partial<TableLike> | null;
  return typeof table === "object" && table !== null && typeof table.numRows === "function" && typeof table.columnNames === "function" && typeof table.column === "function";
}

interface TableView {
  names: string[];
  kinds: ColumnKind[];
  /** Formatted cells of the first `shown` rows, row-major. */
  cells: string[][];
  totalRows: number;
}

function viewOf(table: TableLike, rowLimit: number): TableView {
  const names = table.columnNames();
  const totalRows = table.numRows();
  const shown = Math.min(totalRows, rowLimit);
  // A filtered or ordered arquero table keeps all rows in storage: read it through objects(), which
  // applies the filter and order; plain column reads are for table-likes without it.
  const rows = typeof table.objects === "function" ? table.objects({ limit: shown }) : undefined;
  const columns = names.map((name) => {
    if (rows) return rows.map((row) => row[name]);
    const column = table.column(name);
    return Array.from({ length: shown }, (_, row) => column?.at(row));
  });
  // Kinds come from the rendered rows only: scanning a million-row column to label it is not worth it.
  const kinds = columns.map((values) => inferColumnKind(values));
  const cells = Array.from({ length: shown }, (_, row) => columns.map((values) => formatValue(values[row])));
  return { names, kinds, cells, totalRows };
}

const plural = (count: number, word: string) => `${count.toLocaleString("en-US")} ${word}${count === 1 ? "" : "s"}`;

function htmlRows(view: TableView, from: number, to: number): string {
  return view.cells
    .slice(from, to)
    .map((row, offset) => {
      const tds = row.map((cell, i) => `<td style="text-align:${NUMERIC_KINDS.includes(view.kinds[i]) ? "right" : "left"}">${escapeHtml(cell)}</td>`).join("");
      return `<tr><th style="color:#888;font-weight:normal;text-align:right">${from + offset + 1}</th>${tds}</tr>`;
    })
    .join("");
}

function htmlTable(view: TableView, from: number, to: number): string {
  const head = view.names
    .map((name, i) => `<th style="text-align:${NUMERIC_KINDS.includes(view.kinds[i]) ? "right" : "left"}">${escapeHtml(name)}<br><span style="color:#888;font-weight:normal;font-size:85%">${view.kinds[i]}</span></th>`)
    .join("");
  return `<table class="icp-table" style="border-collapse:collapse;font-variant-numeric:tabular-nums"><thead><tr><th></th>${head}</tr></thead><tbody>${htmlRows(view, from, to)}</tbody></table>`;
}

/**
 * HTML for an arquero table: summary line, first page, later pages collapsed.
 * @example
 * tableToHtml(aq.table({ n: [1200, 3.5] })) // '<div class="icp-table-view"><div>2 rows × 1 column</div>...'
 */
export function tableToHtml(table: TableLike, options: TableDisplayOptions = {}): string {
  const { pageSize, maxRows } = { ...DEFAULTS, ...options };
  const view = viewOf(table, maxRows);
  const shown = view.cells.length;
  const summary = `${plural(view.totalRows, "row")} × ${plural(view.names.length, "column")}` + (shown < view.totalRows ? ` (showing the first ${shown.toLocaleString("en-US")})` : "");
  const pages: string[] = [htmlTable(view, 0, Math.min(pageSize, shown))];
  for (let from = pageSize; from < shown; from += pageSize) {
    const to = Math.min(from + pageSize, shown);
    pages.push(`<details><summary>rows ${from + 1}–${to}</summary>${htmlTable(view, from, to)}</details>`);
  }
  return `<div class="icp-table-view"><div style="color:#555;margin-bottom:4px">${summary}</div>${pages.join("")}</div>`;
}

/**
 * Fixed-width text for an arquero table (the `text/plain` fallback).
 * @example
 * tableToText(aq.table({ a: [1, 2] })) // "2 rows × 1 column\n  a\n  1\n  2"
 */
export function tableToText(table: TableLike, options: TableDisplayOptions = {}): string {
  const { textRows } = { ...DEFAULTS, ...options };
  const view = viewOf(table, textRows);
  const grid = [view.names, ...view.cells];
  const widths = view.names.map((_, i) => Math.max(...grid.map((row) => row[i].length)));
  const lines = grid.map((row) => row.map((cell, i) => (NUMERIC_KINDS.includes(view.kinds[i]) ? cell.padStart(widths[i]) : cell.padEnd(widths[i]))).join("  ").trimEnd());
  const more = view.totalRows - view.cells.length;
  return [`${plural(view.totalRows, "row")} × ${plural(view.names.length, "column")}`, ...lines, ...(more > 0 ? [`… ${plural(more, "more row")}`] : [])].join("\n");
}

/**
 * The mime bundle of an arquero table: text/html and text/plain.
 * @example
 * tableBundle(aq.table({ a: [1] }))["text/html"]
 */
export function tableBundle(table: TableLike, options: TableDisplayOptions = {}): MimeBundle {
  return { "text/plain": tableToText(table, options), "text/html": tableToHtml(table, options) };
}
