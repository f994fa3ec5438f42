import { pipeline } from 'stream/promises';
import { Readable } from 'stream';
import type { Knex } from 'knex';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import {
  BINARY_COPY_HEADER,
  BINARY_COPY_TRAILER,
} from '@internal/plugin-securityhub-remediation-node';

const quote = (identifier: string) => `"${identifier.replace(/"/g, '""')}"`;

/** Rows per chunk handed to the stream: a few hundred kB of text. */
const ROWS_PER_CHUNK = 200;

const ESCAPES: Record<string, string> = {
  '\\': '\\\\',
  '\t': '\\t',
  '\n': '\\n',
  '\r': '\\r',
};

/** A value in COPY's text format: `\N` is null; backslash, tab, newline and CR escaped. */
function copyText(value: unknown): string {
  if (value === null || value === undefined) return '\\N';
  const text = value instanceof Date ? value.toISOString() : String(value);
  return text.replace(/[\\\t\n\r]/g, c => ESCAPES[c]);
}

function* copyChunks<T extends object>(
  rows: T[],
  columns: Array<keyof T & string>,
): Generator<string> {
  for (let i = 0; i < rows.length; i += ROWS_PER_CHUNK) {
    let chunk = '';
    for (const row of rows.slice(i, i + ROWS_PER_CHUNK)) {
      chunk += `${columns.map(c => copyText(row[c])).join('\t')}\n`;
    }
    yield chunk;
  }
}

/**
 * `COPY table (columns) FROM STDIN` on the transaction's own PostgreSQL
 * connection: the rows travel as one text stream instead of bound
 * parameters, which PostgreSQL parses several times faster than a
 * multi-row INSERT.
 */
export async function copyRows<T extends object>(
  trx: Knex.Transaction,
  table: string,
  columns: Array<keyof T & string>,
  rows: T[],
): Promise<void> {
  if (rows.length === 0) return;
  await copyStream(trx, table, columns, copyChunks(rows, columns));
}

/**
 * COPY of tuples already in PostgreSQL's binary format (see
 * `BinaryTuples`), chunk by chunk: between the stream's header and trailer.
 */
export async function copyBinary(
  trx: Knex.Transaction,
  table: string,
  columns: string[],
  tuples: Iterable<Uint8Array>,
): Promise<void> {
  function* stream() {
    yield BINARY_COPY_HEADER;
    yield* tuples;
    yield BINARY_COPY_TRAILER;
  }
  await copyStream(trx, table, columns, stream(), 'with (format binary)');
}

async function copyStream(
  trx: Knex.Transaction,
  table: string,
  columns: string[],
  chunks: Iterable<string | Uint8Array>,
  options = '',
): Promise<void> {
  // Inside a transaction knex hands out the transaction's connection.
  const connection: PoolClient = await trx.client.acquireConnection();
  const sql = `copy ${quote(table)} (${columns
    .map(quote)
    .join(', ')}) from stdin ${options}`;
  const stream = connection.query(copyFrom(sql));
  await pipeline(Readable.from(chunks), stream);
}
