// Writes the Parquet fixtures the .NET reader tests compare against, using two independent writers:
// hyparquet-writer (data page v2; dictionary, PLAIN, RLE, DELTA_BINARY_PACKED, BYTE_STREAM_SPLIT) and @dsnp/parquetjs
// (data page v1 and v2, Brotli, repeated fields and groups).
// Usage: node parquet-write.mjs <output-folder> [--large-rows N]
import fs from 'node:fs'
import path from 'node:path'
import zlib from 'node:zlib'
import { parquetWriteFile } from 'hyparquet-writer'

const outDir = process.argv[2]
if (!outDir) {
  console.error('usage: node parquet-write.mjs <output-folder> [--large-rows N]')
  process.exit(2)
}
const largeRowsArg = process.argv.indexOf('--large-rows')
const largeRows = largeRowsArg > 0 ? Number(process.argv[largeRowsArg + 1]) : 100_000
fs.mkdirSync(outDir, { recursive: true })

// When @dsnp/parquetjs cannot load, its fixtures are replaced by a note the tests report, so the hyparquet ones still run.
let parquetjs
try {
  parquetjs = (await import('@dsnp/parquetjs')).default
} catch (e) {
  const note = `@dsnp/parquetjs cannot be loaded (${e.message}). Version 1.9.3 was published without its dist/ folder: ` +
    'pin "@dsnp/parquetjs": "1.8.9" in Tests/js/package.json and run npm ci in Tests/js'
  fs.writeFileSync(path.join(outDir, 'parquetjs-unavailable.txt'), note)
  console.error(note)
}

// Deterministic pseudo-random numbers so every run writes the same files.
let seed = 12345
const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648
const words = ['alpha', 'beta', 'gamma', 'délta', '中文', 'emoji 🎉', '', 'a "quoted" word', 'tab\tnew\nline']
const text = i => `${words[i % words.length]} ${i} ${Math.floor(random() * 1e6)}`
const bytes = (i, n) => Uint8Array.from({ length: n }, (_, k) => (i * 31 + k * 7) & 0xff)
const gzip = input => new Uint8Array(zlib.gzipSync(input))
const file = name => path.join(outDir, name)

// Every supported physical type, required and optional (with nulls); hyparquet-writer picks dictionary
// encoding for low-cardinality columns, PLAIN is forced on some, booleans get RLE.
function typedColumns(rows) {
  const range = f => Array.from({ length: rows }, (_, i) => f(i))
  return [
    { name: 'bool', data: range(i => i % 3 === 0), type: 'BOOLEAN', nullable: false },
    { name: 'int32', data: range(i => (i * 7919) % 65536 - 32768), type: 'INT32', nullable: false },
    { name: 'int64', data: range(i => BigInt.asIntN(64, BigInt(i) * 9007199254740993n - 4611686018427387904n)), type: 'INT64', nullable: false },
    { name: 'float', data: range(i => Math.fround(i / 7 - 3.5)), type: 'FLOAT', nullable: false },
    { name: 'double', data: range(i => i * Math.PI - 1e10), type: 'DOUBLE', nullable: false, encoding: 'PLAIN' },
    { name: 'text', data: range(text), type: 'STRING', nullable: false, encoding: 'PLAIN' },
    { name: 'dict_text', data: range(i => words[i % 4]), type: 'STRING', nullable: false },
    { name: 'dict_int32', data: range(i => i % 5), type: 'INT32', nullable: false },
    { name: 'binary', data: range(i => bytes(i, i % 9)), type: 'BYTE_ARRAY', nullable: false },
    { name: 'opt_bool', data: range(i => (i % 4 === 0 ? null : i % 2 === 0)), type: 'BOOLEAN' },
    { name: 'opt_int32', data: range(i => (i % 3 === 1 ? null : i)), type: 'INT32' },
    { name: 'opt_int64', data: range(i => (i % 5 === 2 ? null : BigInt(-i))), type: 'INT64' },
    { name: 'opt_double', data: range(i => (i % 2 ? null : i / 3)), type: 'DOUBLE' },
    { name: 'opt_text', data: range(i => (i % 6 === 0 ? null : text(i))), type: 'STRING' },
    { name: 'opt_dict_text', data: range(i => (i % 7 === 0 ? null : words[i % 3])), type: 'STRING' },
    { name: 'all_null', data: range(() => null), type: 'INT32' },
  ]
}

function withFixed(columnData, rows) {
  const fixed = { name: 'fixed', data: Array.from({ length: rows }, (_, i) => bytes(i, 4)), nullable: false }
  const schema = [
    { name: 'root', num_children: columnData.length + 1 },
    ...columnData.map(c => schemaElement(c)),
    { name: 'fixed', type: 'FIXED_LEN_BYTE_ARRAY', type_length: 4, repetition_type: 'REQUIRED' },
  ]
  // hyparquet-writer takes types either from the schema or from columnData, not both.
  const untyped = columnData.map(({ type, nullable, ...rest }) => rest)
  return { columnData: [...untyped, fixed], schema }
}

function schemaElement(c) {
  const repetition_type = c.nullable === false ? 'REQUIRED' : 'OPTIONAL'
  return c.type === 'STRING'
    ? { name: c.name, type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type }
    : { name: c.name, type: c.type, repetition_type }
}

for (const codec of ['UNCOMPRESSED', 'SNAPPY', 'GZIP']) {
  parquetWriteFile({
    filename: file(`hyparquet-types-${codec.toLowerCase()}.parquet`),
    ...withFixed(typedColumns(500), 500),
    codec,
    compressors: { GZIP: gzip },
    rowGroupSize: 200,
  })
}

// Many row groups and many small pages.
parquetWriteFile({
  filename: file('hyparquet-many-pages.parquet'),
  columnData: typedColumns(5000),
  rowGroupSize: 1000,
  pageSize: 512,
})

// The streaming file: ~100k rows in 10 row groups.
const large = n => [
  { name: 'id', data: Array.from({ length: n }, (_, i) => BigInt(i)), type: 'INT64', nullable: false },
  { name: 'text', data: Array.from({ length: n }, (_, i) => `${text(i)} ${'lorem ipsum '.repeat(i % 5)}`), type: 'STRING', nullable: false },
  { name: 'score', data: Array.from({ length: n }, () => random()), type: 'DOUBLE', nullable: false },
  { name: 'maybe', data: Array.from({ length: n }, (_, i) => (i % 10 === 0 ? null : i % 1000)), type: 'INT32' },
]
parquetWriteFile({ filename: file('hyparquet-large.parquet'), columnData: large(largeRows), rowGroupSize: 10_000, pageSize: 64 * 1024 })

// Encodings beyond dictionary and PLAIN.
const numbers = Array.from({ length: 100 }, (_, i) => i * (i % 2 ? -3 : 5))
parquetWriteFile({ filename: file('hyparquet-delta.parquet'), columnData: [{ name: 'n', data: numbers, type: 'INT32', encoding: 'DELTA_BINARY_PACKED' }] })
parquetWriteFile({
  filename: file('hyparquet-byte-stream-split.parquet'),
  columnData: [{ name: 'x', data: numbers.map(i => i / 3), type: 'DOUBLE', encoding: 'BYTE_STREAM_SPLIT' }],
})

if (parquetjs) await writeParquetjsFiles()

async function writeParquetjsFiles() {
  const rows = Array.from({ length: 700 }, (_, i) => ({
    bool: i % 3 === 0,
    int32: i * 17 - 5000,
    int64: BigInt(i) * 123456789012n - 99n,
    float: Math.fround(i * 0.25 - 10),
    double: i * 1.5e-7,
    text: text(i),
    binary: Buffer.from(bytes(i, i % 6)),
    fixed: Buffer.from(bytes(i, 3)),
    ...(i % 4 === 0 ? {} : { opt_text: text(i + 1) }),
    ...(i % 3 === 0 ? {} : { opt_int64: BigInt(i) }),
    ...(i % 5 === 0 ? {} : { opt_bool: i % 2 === 0 }),
  }))
  const fields = compression => new parquetjs.ParquetSchema({
    bool: { type: 'BOOLEAN', compression },
    int32: { type: 'INT32', compression },
    int64: { type: 'INT64', compression },
    float: { type: 'FLOAT', compression },
    double: { type: 'DOUBLE', compression },
    text: { type: 'UTF8', compression },
    binary: { type: 'BYTE_ARRAY', compression },
    fixed: { type: 'FIXED_LEN_BYTE_ARRAY', typeLength: 3, compression },
    opt_text: { type: 'UTF8', optional: true, compression },
    opt_int64: { type: 'INT64', optional: true, compression },
    opt_bool: { type: 'BOOLEAN', optional: true, compression },
  })
  for (const useDataPageV2 of [false, true]) {
    for (const compression of ['UNCOMPRESSED', 'SNAPPY', 'GZIP']) {
      const name = `parquetjs-${useDataPageV2 ? 'v2' : 'v1'}-${compression.toLowerCase()}.parquet`
      await writeRows(name, fields(compression), rows, { useDataPageV2, rowGroupSize: 300, pageSize: 64 })
    }
  }

  await writeRows('parquetjs-brotli.parquet', fields('BROTLI'), rows.slice(0, 10), { useDataPageV2: false })

  const nested = new parquetjs.ParquetSchema({
    id: { type: 'INT32' },
    name: { type: 'UTF8' },
    colours: { type: 'UTF8', repeated: true },
    stock: { repeated: true, fields: { price: { type: 'DOUBLE' }, quantity: { type: 'INT64' } } },
  })
  const nestedRows = Array.from({ length: 20 }, (_, i) => ({
    id: i, name: `fruit ${i}`, colours: ['red', 'green'].slice(0, i % 3), stock: [{ price: i / 2, quantity: BigInt(i) }],
  }))
  await writeRows('parquetjs-nested.parquet', nested, nestedRows, { useDataPageV2: false })
}

async function writeRows(name, schema, rows, options) {
  const writer = await parquetjs.ParquetWriter.openFile(schema, file(name), options)
  for (const row of rows) await writer.appendRow(row)
  await writer.close()
}
