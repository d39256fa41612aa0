/**
 * Stage 3: pick one representation per output from its mime bundle, using one priority list (the
 * richest type a static report can show faithfully comes first, as nbconvert's display_data_priority
 * does). Mime types we do not know are skipped in favour of the richest known one in the bundle.
 */
import type { MimeBundle, NotebookOutput } from "./notebook.js";
import type { PreparedCell, PreparedNotebook } from "./preprocess.js";

/** Kinds of rich data the renderer knows how to show. */
export type MimeKind = "vega-lite" | "vega" | "html" | "markdown" | "svg" | "png" | "jpeg" | "gif" | "latex" | "json" | "text";

/** The known mime types, richest first; vega-lite/vega match any version (v3 ... v6). */
export const MIME_PRIORITY: ReadonlyArray<{ kind: MimeKind; matches: (mime: string) => boolean }> = [
  { kind: "vega-lite", matches: (mime) => /^application\/vnd\.vegalite\.v\d+(\.\d+)*\+json$/.test(mime) },
  { kind: "vega", matches: (mime) => /^application\/vnd\.vega\.v\d+(\.\d+)*\+json$/.test(mime) },
  { kind: "html", matches: (mime) => mime === "text/html" },
  { kind: "markdown", matches: (mime) => mime === "text/markdown" },
  { kind: "svg", matches: (mime) => mime === "image/svg+xml" },
  { kind: "png", matches: (mime) => mime === "image/png" },
  { kind: "jpeg", matches: (mime) => mime === "image/jpeg" },
  { kind: "gif", matches: (mime) => mime === "image/gif" },
  { kind: "latex", matches: (mime) => mime === "text/latex" },
  { kind: "json", matches: (mime) => mime === "application/json" },
  { kind: "text", matches: (mime) => mime === "text/plain" },
];

/** One output ready to render. */
export type SelectedOutput =
  | { kind: "stream"; name: "stdout" | "stderr"; text: string }
  | { kind: "error"; ename: string; evalue: string; traceback: string[] }
  | { kind: MimeKind; mime: string; data: unknown; metadata: Record<string, unknown>; alternatives: MimeBundle }
  | { kind: "unsupported"; mimes: string[] };

/** A cell with its selected outputs (consecutive stream outputs of the same name are merged). */
export interface SelectedCell extends PreparedCell {
  selected: SelectedOutput[];
}

export interface SelectedNotebook extends Omit<PreparedNotebook, "cells"> {
  cells: SelectedCell[];
}

/**
 * Choose the richest known representation of one mime bundle.
 *
 * @example
 * selectMime({ "text/plain": "1", "image/png": "iVBOR..." }); // { kind: "png", mime: "image/png", ... }
 */
export function selectMime(bundle: MimeBundle, metadata: Record<string, unknown> = {}): SelectedOutput {
  const mimes = Object.keys(bundle);
  for (const { kind, matches } of MIME_PRIORITY) {
    const mime = mimes.find(matches);
    if (mime !== undefined) {
      // Per-mime metadata (e.g. {"image/png": {width: 300}}) is flattened for the chosen type.
      const own = metadata[mime];
      const flatMetadata = typeof own === "object" && own !== null ? { ...metadata, ...(own as object) } : metadata;
      return { kind, mime, data: bundle[mime], metadata: flatMetadata, alternatives: bundle };
    }
  }
  return { kind: "unsupported", mimes };
}

function selectOne(output: NotebookOutput): SelectedOutput {
  switch (output.output_type) {
    case "stream":
      return { kind: "stream", name: output.name, text: output.text };
    case "error":
      return { kind: "error", ename: output.ename, evalue: output.evalue, traceback: output.traceback };
    default:
      return selectMime(output.data, output.metadata);
  }
}

/** Apply carriage returns and backspaces the way a terminal would (progress bars print "\r"). */
export function applyTerminalControl(text: string): string {
  return text
    .split("\n")
    .map((line) => {
      const afterReturn = line.split("\r").filter((part, i, parts) => part !== "" || i === parts.length - 1);
      let kept = afterReturn.length ? afterReturn[afterReturn.length - 1] : "";
      // A backspace (\x08) erases the character before it.
      while (/[^\x08]\x08/.test(kept)) kept = kept.replace(/[^\x08]\x08/, "");
      return kept.replace(/\x08/g, "");
    })
    .join("\n");
}

/**
 * Stage 3 for a whole notebook: selects outputs of cells whose outputs are not removed.
 *
 * @example
 * const selected = selectOutputs(preprocess(notebook));
 * selected.cells[0].selected[0].kind; // "stream" | "png" | "vega-lite" | ...
 */
export function selectOutputs(notebook: PreparedNotebook): SelectedNotebook {
  return {
    ...notebook,
    cells: notebook.cells.map((cell) => {
      if (cell.view.outputs === "removed") return { ...cell, selected: [] };
      const selected: SelectedOutput[] = [];
      for (const output of cell.outputs) {
        const next = selectOne(output);
        const previous = selected[selected.length - 1];
        if (next.kind === "stream" && previous?.kind === "stream" && previous.name === next.name) {
          previous.text += next.text;
        } else {
          selected.push(next);
        }
      }
      for (const output of selected) if (output.kind === "stream") output.text = applyTerminalControl(output.text);
      return { ...cell, selected };
    }),
  };
}
