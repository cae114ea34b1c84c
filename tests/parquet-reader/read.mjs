// Prints the rows of the Parquet file named on the command line as one JSON array of objects
// (column name -> value; dates as yyyy-mm-dd, 64-bit integers as strings), for
// tests/Credits.Cli.Tests to compare with the CSV of the same report. hyparquet is written from the
// Parquet spec independently of Parquet.Net, which wrote the file.
import { readFileSync } from 'node:fs';
import { parquetReadObjects } from 'hyparquet';

const bytes = readFileSync(process.argv[2]);
const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
const rows = await parquetReadObjects({ file });
const plain = (value) =>
  value instanceof Date ? value.toISOString().slice(0, 10) : typeof value === 'bigint' ? value.toString() : value;
process.stdout.write(JSON.stringify(rows.map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, plain(v)])))));
