/**
 * Cursor positions: the Jupyter protocol (5.2+) counts unicode code points; JavaScript strings
 * (and tslab) count UTF-16 code units. Characters outside the BMP (emoji) take two units.
 */

/**
 * UTF-16 offset of the code-point offset `codePoints` in `text`.
 * @example
 * utf16Offset("😀a", 1) // 2
 */
export function utf16Offset(text: string, codePoints: number): number {
  let units = 0;
  let seen = 0;
  for (const char of text) {
    if (seen >= codePoints) break;
    units += char.length;
    seen++;
  }
  return units;
}

/**
 * Code-point offset of the UTF-16 offset `units` in `text`.
 * @example
 * codePointOffset("😀a", 2) // 1
 */
export function codePointOffset(text: string, units: number): number {
  return [...text.slice(0, units)].length;
}
