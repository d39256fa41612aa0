/**
 * Cards: compact HTML summaries for analytics results (a portrait, criteria coverage, a CLV fit).
 * Analytics describe a card as plain data (`Card`, returned from `[toCard]()`); display renders it.
 */
import { escapeHtml, formatValue } from "./format.js";
import type { MimeBundle } from "./mime.js";

/** One line of a card: a label, its value (formatted like table cells) and an optional hint. */
export interface CardFact {
  label: string;
  value: unknown;
  hint?: string;
}

/** A card: title, optional subtitle, facts, and an optional footnote (e.g. the parameters used). */
export interface Card {
  title: string;
  subtitle?: string;
  facts: CardFact[];
  footnote?: string;
}

/** True for objects shaped like a Card. */
export function isCard(value: unknown): value is Card {
  const card = value as Partial<Card> | null;
  return typeof card === "object" && card !== null && typeof card.title === "string" && Array.isArray(card.facts);
}

/**
 * Render a card to text/html + text/plain.
 * @example
 * cardBundle({ title: "Ideal customers", facts: [{ label: "share", value: 0.123 }] })["text/plain"]
 * // "Ideal customers\n  share: 0.123"
 */
export function cardBundle(card: Card): MimeBundle {
  const rows = card.facts
    .map((fact) => `<tr><td style="color:#555;padding:2px 12px 2px 0">${escapeHtml(fact.label)}</td><td style="text-align:right;font-weight:600">${escapeHtml(formatValue(fact.value))}</td>${fact.hint ? `<td style="color:#888;padding-left:8px">${escapeHtml(fact.hint)}</td>` : ""}</tr>`)
    .join("");
  const html =
    `<div class="icp-card" style="display:inline-block;border:1px solid #ddd;border-radius:6px;padding:8px 12px;font-variant-numeric:tabular-nums">` +
    `<div style="font-weight:700">${escapeHtml(card.title)}</div>` +
    (card.subtitle ? `<div style="color:#555">${escapeHtml(card.subtitle)}</div>` : "") +
    `<table style="border-collapse:collapse;margin-top:4px">${rows}</table>` +
    (card.footnote ? `<div style="color:#888;font-size:85%;margin-top:4px">${escapeHtml(card.footnote)}</div>` : "") +
    `</div>`;
  const text = [
    card.title,
    ...(card.subtitle ? [card.subtitle] : []),
    ...card.facts.map((fact) => `  ${fact.label}: ${formatValue(fact.value)}${fact.hint ? ` (${fact.hint})` : ""}`),
    ...(card.footnote ? [card.footnote] : []),
  ].join("\n");
  return { "text/plain": text, "text/html": html };
}
