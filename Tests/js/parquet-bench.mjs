// Benchmark helper for `spaces-bench parquet`: reads a Parquet file with hyparquet (every codec through
// hyparquet-compressors) after one warm-up run; prints {"rows": n, "seconds": [..]} as JSON.
//   node parquet-bench.mjs <file> <repetitions>
import fs from 'node:fs'
import { parquetRead } from 'hyparquet'
import { compressors } from 'hyparquet-compressors'

const [filename, countArg] = process.argv.slice(2)
const count = Number(countArg)
if (!filename || !(count > 0)) {
  console.error('usage: node parquet-bench.mjs <file> <repetitions>')
  process.exit(2)
}

const buffer = fs.readFileSync(filename)
const file = buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.byteLength)
const readAll = () => new Promise((resolve, reject) => {
  parquetRead({ file, compressors, rowFormat: 'array', onComplete: rows => resolve(rows.length) }).catch(reject)
})
let rows = await readAll() // warm-up: JIT and caches
const seconds = []
for (let i = 0; i < count; i++) {
  const start = process.hrtime.bigint()
  rows = await readAll()
  seconds.push(Number(process.hrtime.bigint() - start) / 1e9)
}
process.stdout.write(JSON.stringify({ rows, seconds }))
