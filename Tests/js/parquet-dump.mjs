// Prints a Parquet file as JSON via hyparquet (an independent reader, every codec through hyparquet-compressors) for
// the .NET tests: { numRows, rowGroups: [rows...], columns: [{ name, codec, encodings }], rows: [[...]] }, one value per
// top-level column, nested ones as hyparquet assembles them (lists as arrays, structs and maps as objects).
// Tagged so the tests compare by meaning: INT64 as a string of digits, byte arrays as {"$bytes": base64}, timestamps
// (INT96 included) as {"$nanos": "<since the epoch>"}, dates as {"$days": n}, times of day (top-level columns) as
// {"$timeNanos": "<since midnight>"}, non-finite floats as "NaN" / "Infinity".
// Usage: node parquet-dump.mjs <file>
import fs from 'node:fs'
import { parquetMetadata, parquetReadObjects } from 'hyparquet'
import { compressors } from 'hyparquet-compressors'

const [filename] = process.argv.slice(2)
if (!filename) {
  console.error('usage: node parquet-dump.mjs <file>')
  process.exit(2)
}
const buffer = fs.readFileSync(filename)
const file = buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.byteLength)
const metadata = parquetMetadata(file)
const nanos = n => ({ $nanos: BigInt(n).toString() })
const parsers = {
  timestampFromMilliseconds: v => nanos(BigInt(v) * 1000000n),
  timestampFromMicroseconds: v => nanos(BigInt(v) * 1000n),
  timestampFromNanoseconds: v => nanos(v),
  dateFromDays: v => ({ $days: v }),
}
// utf8: false keeps BYTE_ARRAY without a string annotation as bytes, as the .NET reader does.
const objects = await parquetReadObjects({ file, utf8: false, compressors, parsers })
const names = topLevelNames(metadata.schema)
// hyparquet returns TIME columns as raw integers; their unit comes from the schema.
const timeFactor = Object.fromEntries(metadata.schema.filter(e => !e.num_children).map(e => {
  const unit = e.logical_type?.type === 'TIME' ? e.logical_type.unit
    : e.converted_type === 'TIME_MILLIS' ? 'MILLIS' : e.converted_type === 'TIME_MICROS' ? 'MICROS' : undefined
  return [e.name, unit && { MILLIS: 1000000n, MICROS: 1000n, NANOS: 1n }[unit]]
}))
const cell = (name, v) => timeFactor[name] && v !== null && v !== undefined
  ? { $timeNanos: (BigInt(v) * timeFactor[name]).toString() }
  : value(v)

const value = v => {
  if (v === null || v === undefined) return null
  if (typeof v === 'bigint') return v.toString()
  if (v instanceof Uint8Array) return { $bytes: Buffer.from(v).toString('base64') }
  if (typeof v === 'number' && !Number.isFinite(v)) return String(v)
  if (Array.isArray(v) || ArrayBuffer.isView(v)) return Array.from(v, value)
  if (typeof v === 'object' && !('$nanos' in v) && !('$days' in v) && !('$timeNanos' in v)) {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, value(x)]))
  }
  return v
}
const out = {
  numRows: Number(metadata.num_rows),
  names,
  rowGroups: metadata.row_groups.map(g => Number(g.num_rows)),
  columns: metadata.row_groups[0]?.columns.map(c => ({
    name: c.meta_data.path_in_schema.join('.'),
    codec: c.meta_data.codec,
    encodings: c.meta_data.encodings,
  })) ?? [],
  rows: objects.map(row => names.map(n => cell(n, row[n]))),
}
process.stdout.write(JSON.stringify(out))

// The schema is flattened depth-first; the root's direct children are the top-level columns.
function topLevelNames(schema) {
  const result = []
  let i = 1
  const skip = () => {
    const children = schema[i].num_children ?? 0
    i++
    for (let c = 0; c < children; c++) skip()
  }
  while (i < schema.length) {
    result.push(schema[i].name)
    skip()
  }
  return result
}
