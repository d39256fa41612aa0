/**
 * Narrowing a loaded dataset to what an analysis should see, in place, in its DuckDB database:
 * - `snapshotAsOf`: the data as it was known on the analysis date. Re-running an earlier quarter
 *   on a data folder that goes further must give that quarter's numbers, so rows dated after the
 *   date (by each table's dated columns in the schema) and customers who signed up after it go.
 * - `restrictCustomers`: one segment's customers (e.g. a region) and their rows in every table.
 * Both then drop rows that reference a customer no longer present, using the schema's foreign keys,
 * and report how many rows each table lost.
 */
import { ParameterError } from "../errors/index.js";
import { quoteIdent } from "../sql/index.js";
import type { Dataset } from "./dataset.js";
import { isIsoDate } from "./dates.js";
import { SCHEMA, type TableName } from "./schema.js";

/** Rows removed per table. */
export type RemovedRows = Partial<Record<TableName, number>>;

async function deleteWhere(dataset: Dataset, table: TableName, condition: string, params: Record<string, string>): Promise<number> {
  const result = await dataset.connection.run(`DELETE FROM ${quoteIdent(table)} WHERE ${condition}`, params);
  return Number(result.rowsChanged);
}

function add(removed: RemovedRows, table: TableName, count: number): void {
  if (count > 0) removed[table] = (removed[table] ?? 0) + count;
}

/** Delete rows whose customer reference points at no customer (after customers were removed). */
async function dropOrphans(dataset: Dataset, removed: RemovedRows): Promise<void> {
  for (const table of dataset.tables) {
    for (const key of SCHEMA[table].foreignKeys) {
      if (!dataset.hasColumn(table, key.column) || !dataset.hasTable(key.references.table)) continue;
      const column = quoteIdent(key.column);
      const condition = `${column} IS NOT NULL AND ${column} NOT IN (SELECT ${quoteIdent(key.references.column)} FROM ${quoteIdent(key.references.table)})`;
      add(removed, table, await deleteWhere(dataset, table, condition, {}));
    }
  }
}

/**
 * Keep only what was known on `asOf` (YYYY-MM-DD): delete rows of every table whose dated columns
 * (the schema's `notAfterAsOf` dates: signup, orders, events, touches, ...) lie after it, then the
 * rows of customers who no longer exist.
 *
 * @example
 * const removed = await snapshotAsOf(dataset, "2026-06-30"); // { orders: 1520, events: 18113, ... }
 */
export async function snapshotAsOf(dataset: Dataset, asOf: string): Promise<RemovedRows> {
  if (!isIsoDate(asOf)) {
    throw new ParameterError(`asOf: expected a date YYYY-MM-DD, got ${JSON.stringify(asOf)}`, { asOf });
  }
  const removed: RemovedRows = {};
  for (const table of dataset.tables) {
    const dated = Object.entries(SCHEMA[table].columns)
      .filter(([column, def]) => def.notAfterAsOf && def.type === "DATE" && dataset.hasColumn(table, column))
      .map(([column]) => `${quoteIdent(column)} > CAST($asOf AS DATE)`);
    if (dated.length) add(removed, table, await deleteWhere(dataset, table, dated.join(" OR "), { asOf }));
  }
  await dropOrphans(dataset, removed);
  return removed;
}

/**
 * Keep only the customers whose columns equal the given values (e.g. `{ region: "EMEA" }`), and
 * their rows in every other table. Columns must be customer columns present in the dataset.
 *
 * @example
 * await restrictCustomers(dataset, { region: "EMEA" }); // { customers: 1312, orders: 9034, ... }
 */
export async function restrictCustomers(dataset: Dataset, where: Record<string, string>): Promise<RemovedRows> {
  const entries = Object.entries(where);
  if (entries.length === 0) return {};
  const conditions = entries.map(([column], index) => {
    if (!(column in SCHEMA.customers.columns) || !dataset.hasColumn("customers", column)) {
      const present = [...(dataset.columns.get("customers") ?? [])].join(", ");
      throw new ParameterError(`restrictCustomers: '${column}' is not a column of this dataset's customers (present: ${present})`, { column });
    }
    return `${quoteIdent(column)} IS DISTINCT FROM $v${index}`;
  });
  const params = Object.fromEntries(entries.map(([, value], index) => [`v${index}`, value]));
  const removed: RemovedRows = {};
  add(removed, "customers", await deleteWhere(dataset, "customers", conditions.join(" OR "), params));
  await dropOrphans(dataset, removed);
  return removed;
}
