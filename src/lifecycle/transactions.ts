/**
 * Where lifecycle functions read transactions from: the dataset's `orders` table by default, any
 * other table in its DuckDB, or an analyst's own arquero table. An arquero table is registered into
 * the dataset's DuckDB (registerArquero from src/data) for the duration of one analysis and dropped
 * afterwards, so repeated calls do not pile up copies of the analyst's rows in the database.
 */
import { registerArquero, type Dataset, type Table } from "../data/index.js";
import { quoteIdent } from "../sql/index.js";

/** A table name in the dataset's DuckDB, or an arquero table to register there. */
export type TransactionsTable = string | Table;

/** Prefix of the temporary tables that hold registered arquero transactions. */
export const REGISTERED_TRANSACTIONS_PREFIX = "icp_lifecycle_tx_";

let registeredCount = 0;

/**
 * Run `use` with the SQL relation (a quoted table name) that holds the transactions. A table name
 * is used as it is; an arquero table is registered as `icp_lifecycle_tx_<n>` first (its columns
 * typed from their values: numbers DOUBLE, JS Dates DATE, text VARCHAR; the lifecycle SQL casts
 * each column it reads, so ISO date strings work) and dropped when `use` settles.
 *
 * @example
 * const tx = aq.table({ customer_id: ["a", "a"], order_date: ["2026-01-10", "2026-02-10"], amount: [100, 120] });
 * const n = await withTransactions(ds, tx, async (relation) =>
 *   (await ds.query(`SELECT count(*)::INTEGER AS n FROM ${relation}`)).get("n", 0)); // 2
 */
export async function withTransactions<T>(dataset: Dataset, table: TransactionsTable, use: (relation: string) => Promise<T>): Promise<T> {
  if (typeof table === "string") return use(quoteIdent(table));
  const name = `${REGISTERED_TRANSACTIONS_PREFIX}${++registeredCount}`;
  await registerArquero(dataset, name, table);
  try {
    return await use(quoteIdent(name));
  } finally {
    await dataset.connection.run(`DROP TABLE IF EXISTS ${quoteIdent(name)}`);
  }
}
