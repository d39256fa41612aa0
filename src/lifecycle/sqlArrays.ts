/**
 * Pull query results into typed arrays for model fitting, chunk by chunk, without building row
 * objects (moving rows to JS is the expensive part: ../shared/TOOLCHAIN.md, DuckDB).
 */
import type { DuckDBValue } from "@duckdb/node-api";
import type { Dataset, QueryParams } from "../data/index.js";

/** Numeric columns as Float64Array and text columns as string[], by name. */
export interface ColumnArrays {
  numbers: Record<string, Float64Array>;
  strings: Record<string, string[]>;
  rowCount: number;
}

/**
 * Run `sql` and return the named numeric columns (cast to DOUBLE in the SQL) as Float64Arrays and
 * the named text columns as string arrays. NULL numbers become NaN.
 *
 * @example
 * const { numbers } = await queryColumnArrays(ds, "SELECT 1.5::DOUBLE AS x", {}, ["x"], []);
 * numbers.x[0]; // 1.5
 */
export async function queryColumnArrays(
  dataset: Dataset,
  sql: string,
  params: QueryParams,
  numberColumns: string[],
  stringColumns: string[],
): Promise<ColumnArrays> {
  const result = await dataset.connection.run(sql, params as Record<string, DuckDBValue>);
  const names = result.columnNames();
  const rowCount = Number(result.rowCount);
  const numbers: Record<string, Float64Array> = {};
  const strings: Record<string, string[]> = {};
  for (const name of numberColumns) numbers[name] = new Float64Array(rowCount);
  for (const name of stringColumns) strings[name] = new Array<string>(rowCount);
  const numberIndex = numberColumns.map((name) => names.indexOf(name));
  const stringIndex = stringColumns.map((name) => names.indexOf(name));
  let offset = 0;
  for (let c = 0; c < result.chunkCount; c++) {
    const chunk = result.getChunk(c);
    const rows = chunk.rowCount;
    numberColumns.forEach((name, k) => {
      const vector = chunk.getColumnVector(numberIndex[k]);
      const target = numbers[name];
      for (let j = 0; j < rows; j++) {
        const v = vector.getItem(j);
        target[offset + j] = v === null ? Number.NaN : Number(v);
      }
    });
    stringColumns.forEach((name, k) => {
      const vector = chunk.getColumnVector(stringIndex[k]);
      const target = strings[name];
      for (let j = 0; j < rows; j++) target[offset + j] = String(vector.getItem(j));
    });
    offset += rows;
  }
  return { numbers, strings, rowCount };
}
