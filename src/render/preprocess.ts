/**
 * Stage 2: report controls from cell tags and metadata, as named preprocessors (nbconvert's
 * TagRemovePreprocessor and Quarto/Jupyter Book tag conventions):
 *
 * | tag / metadata                               | effect                                        |
 * |----------------------------------------------|-----------------------------------------------|
 * | `remove-cell`                                | the cell is dropped                           |
 * | `parameters`, `injected-parameters`          | dropped unless `showParameters`               |
 * | `remove-input`                               | code is not shown, outputs are                |
 * | `hide-input`, `metadata.jupyter.source_hidden` | code is collapsed behind a "Show code" toggle |
 * | `remove-output`                              | outputs are dropped                           |
 * | `hide-output`, `metadata.jupyter.outputs_hidden` | outputs are collapsed                     |
 * | `page-break-before`                          | the cell starts a new printed page            |
 * | `metadata.caption` (string)                  | the cell's outputs form a numbered figure     |
 * | option `noInput`                             | every code input is removed                   |
 */
import type { NotebookCell, NotebookDocument } from "./notebook.js";

/** How a cell's code shows in the report. */
export type InputView = "show" | "collapsed" | "removed";

/** What the preprocessors decided about one cell. */
export interface CellView {
  input: InputView;
  outputs: "show" | "collapsed" | "removed";
  pageBreakBefore: boolean;
  caption?: string;
}

/** A cell with its view; raw cells keep their source but never show. */
export interface PreparedCell extends NotebookCell {
  /** 0-based position in the original notebook (stable even after cells are removed). */
  index: number;
  tags: string[];
  view: CellView;
}

/** The notebook after preprocessing. */
export interface PreparedNotebook extends Omit<NotebookDocument, "cells"> {
  cells: PreparedCell[];
}

/** Options read by the standard preprocessors. */
export interface PreprocessOptions {
  /** Hide all code inputs (stakeholder reports). Default false. */
  noInput?: boolean;
  /** Keep `parameters` / `injected-parameters` cells. Default false. */
  showParameters?: boolean;
}

/** A named pure step: prepared notebook in, prepared notebook out. */
export interface Preprocessor {
  name: string;
  apply(notebook: PreparedNotebook, options: PreprocessOptions): PreparedNotebook;
}

const PARAMETER_TAGS = ["parameters", "injected-parameters"];

function mapCells(notebook: PreparedNotebook, change: (cell: PreparedCell) => PreparedCell | undefined): PreparedNotebook {
  const cells: PreparedCell[] = [];
  for (const cell of notebook.cells) {
    const changed = change(cell);
    if (changed) cells.push(changed);
  }
  return { ...notebook, cells };
}

const withView = (cell: PreparedCell, view: Partial<CellView>): PreparedCell => ({ ...cell, view: { ...cell.view, ...view } });

/** Drops `remove-cell` cells, parameters cells (unless shown) and raw cells (never part of a report). */
export const removeCells: Preprocessor = {
  name: "remove-cells",
  apply: (notebook, options) =>
    mapCells(notebook, (cell) => {
      if (cell.tags.includes("remove-cell") || cell.cell_type === "raw") return undefined;
      if (!options.showParameters && cell.tags.some((tag) => PARAMETER_TAGS.includes(tag))) return undefined;
      return cell;
    }),
};

/** remove-input / hide-input / source_hidden / --no-input. */
export const inputVisibility: Preprocessor = {
  name: "input-visibility",
  apply: (notebook, options) =>
    mapCells(notebook, (cell) => {
      if (cell.cell_type !== "code") return withView(cell, { input: "removed" });
      const jupyter = cell.metadata.jupyter as { source_hidden?: boolean } | undefined;
      if (options.noInput || cell.tags.includes("remove-input") || cell.source.trim() === "") return withView(cell, { input: "removed" });
      if (cell.tags.includes("hide-input") || jupyter?.source_hidden) return withView(cell, { input: "collapsed" });
      return cell;
    }),
};

/** remove-output / hide-output / outputs_hidden. */
export const outputVisibility: Preprocessor = {
  name: "output-visibility",
  apply: (notebook) =>
    mapCells(notebook, (cell) => {
      const jupyter = cell.metadata.jupyter as { outputs_hidden?: boolean } | undefined;
      if (cell.tags.includes("remove-output")) return withView(cell, { outputs: "removed" });
      if (cell.tags.includes("hide-output") || jupyter?.outputs_hidden) return withView(cell, { outputs: "collapsed" });
      return cell;
    }),
};

/** page-break-before and figure captions (`metadata.caption`). */
export const layoutHints: Preprocessor = {
  name: "layout-hints",
  apply: (notebook) =>
    mapCells(notebook, (cell) => {
      const caption = typeof cell.metadata.caption === "string" && cell.metadata.caption.trim() ? cell.metadata.caption.trim() : undefined;
      return withView(cell, { pageBreakBefore: cell.tags.includes("page-break-before"), caption });
    }),
};

/** The standard preprocessors, in the order they run. */
export const DEFAULT_PREPROCESSORS: readonly Preprocessor[] = [removeCells, inputVisibility, outputVisibility, layoutHints];

/** Attach an initial view (everything shown) and the cell's tags to every cell. */
export function prepareNotebook(notebook: NotebookDocument): PreparedNotebook {
  return {
    ...notebook,
    cells: notebook.cells.map((cell, index) => ({
      ...cell,
      index,
      tags: cell.metadata.tags ?? [],
      view: { input: "show", outputs: "show", pageBreakBefore: false },
    })),
  };
}

/**
 * Run preprocessors over a notebook (default: {@link DEFAULT_PREPROCESSORS}).
 *
 * @example
 * const prepared = preprocess(notebook, { noInput: true });
 * prepared.cells.every((cell) => cell.view.input === "removed"); // true
 */
export function preprocess(
  notebook: NotebookDocument,
  options: PreprocessOptions = {},
  preprocessors: readonly Preprocessor[] = DEFAULT_PREPROCESSORS,
): PreparedNotebook {
  return preprocessors.reduce((current, step) => step.apply(current, options), prepareNotebook(notebook));
}
