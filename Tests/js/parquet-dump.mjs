// Prints a Parquet file as JSON via hyparquet (an independent reader) for the .NET tests:
// { numRows, rowGroups: [rows...], columns: [{ name, codec, encodings }], rows: [[...]] }.
// INT64 values are printed as strings, byte arrays as base64, non-finite floats as "NaN" / "Infinity" / "-Infinity".
// Usage: node parquet-dump.mjs <file> [column ...]
import fs from 'node:fs'
import zlib from 'node:zlib'
import { parquetMetadata, parquetReadObjects } from 'hyparquet'

const [filename, ...columns] = process.argv.slice(2)
if (!filename) {
  console.error('usage: node parquet-dump.mjs <file> [column ...]')
  process.exit(2)
}
const buffer = fs.readFileSync(filename)
const file = buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.byteLength)
const metadata = parquetMetadata(file)
const names = columns.length ? columns : metadata.schema.slice(1).filter(e => !e.num_children).map(e => e.name)
// utf8: false keeps BYTE_ARRAY without a string annotation as bytes, as the .NET reader does.
// hyparquet ships only Snappy; GZIP comes from Node's zlib.
const compressors = { GZIP: input => new Uint8Array(zlib.gunzipSync(input)) }
const objects = await parquetReadObjects({ file, columns: names, utf8: false, compressors })

const value = v => {
  if (v === null || v === undefined) return null
  if (typeof v === 'bigint') return v.toString()
  if (v instanceof Uint8Array) return Buffer.from(v).toString('base64')
  if (typeof v === 'number' && !Number.isFinite(v)) return String(v)
  return v
}
const out = {
  numRows: Number(metadata.num_rows),
  rowGroups: metadata.row_groups.map(g => Number(g.num_rows)),
  columns: metadata.row_groups[0]?.columns.map(c => ({
    name: c.meta_data.path_in_schema.join('.'),
    codec: c.meta_data.codec,
    encodings: c.meta_data.encodings,
  })) ?? [],
  rows: objects.map(row => names.map(n => value(row[n]))),
}
process.stdout.write(JSON.stringify(out))
