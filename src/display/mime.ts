/**
 * Mime bundles: how a value shows in a notebook. A bundle maps mime types to data
 * (`{"text/plain": "42", "text/html": "<b>42</b>"}`), exactly the `data` field of Jupyter's
 * `display_data` / `execute_result` messages. Every bundle has `text/plain`, so any client can show it.
 *
 * Other modules make their results displayable without this folder importing them (data flows
 * one way, display is downstream): an object either implements `[toMimeBundle]()` (a full bundle) or
 * `[toCard]()` (a card description rendered by `cardBundle`), or a renderer is added with
 * `registerDisplayRenderer`. Both symbols are `Symbol.for(...)` keys, so a module can implement
 * them with no import at all: `[Symbol.for("icp-lab.toCard")]() { return { title: ... } }`.
 */

/** Jupyter mime bundle: mime type -> data (strings, or JSON objects for `+json` types). */
export type MimeBundle = Record<string, unknown>;

/** A bundle with its display metadata (e.g. image sizes), as sent in `display_data`. */
export interface DisplayPayload {
  data: MimeBundle;
  metadata: Record<string, unknown>;
}

/**
 * Method key: `value[toMimeBundle]()` returns the value's bundle (or a promise of it).
 * @example
 * class Money { [toMimeBundle]() { return { "text/plain": "$5", "text/html": "<b>$5</b>" }; } }
 */
export const toMimeBundle: unique symbol = Symbol.for("icp-lab.toMimeBundle") as never;

/**
 * Method key: `value[toCard]()` returns a `Card` (title + facts) that display renders as a compact
 * HTML card. For analytics results (portrait, criteria coverage) that should not build HTML.
 * @example
 * const result = { [toCard]: () => ({ title: "Portrait", facts: [{ label: "ideal customers", value: 412 }] }) };
 */
export const toCard: unique symbol = Symbol.for("icp-lab.toCard") as never;

/** One entry of the renderer registry: `test` picks values, `render` makes their bundle. */
export interface DisplayRenderer {
  /** A unique name; registering the same name again replaces the earlier renderer. */
  name: string;
  test: (value: unknown) => boolean;
  render: (value: unknown) => MimeBundle | Promise<MimeBundle>;
}

// The registry lives on a global symbol so two copies of icp-lab in one process (the kernel's and
// a notebook's) share it.
const REGISTRY_KEY = Symbol.for("icp-lab.displayRenderers");
function registry(): Map<string, DisplayRenderer> {
  const holder = globalThis as unknown as Record<symbol, Map<string, DisplayRenderer> | undefined>;
  return (holder[REGISTRY_KEY] ??= new Map());
}

/**
 * Add (or replace, by name) a renderer consulted before the built-in ones.
 * @example
 * registerDisplayRenderer({ name: "coverage", test: isCoverage, render: (c) => cardBundle(coverageCard(c)) });
 */
export function registerDisplayRenderer(renderer: DisplayRenderer): void {
  registry().set(renderer.name, renderer);
}

/** Remove a renderer by name (true when one was removed). */
export function unregisterDisplayRenderer(name: string): boolean {
  return registry().delete(name);
}

/** Registered renderers in registration order. */
export function displayRenderers(): DisplayRenderer[] {
  return [...registry().values()];
}

/** True when `value` has a callable method under `key`. */
export function hasMethod(value: unknown, key: symbol): value is Record<symbol, () => unknown> {
  return (typeof value === "object" || typeof value === "function") && value !== null && typeof (value as Record<symbol, unknown>)[key] === "function";
}
