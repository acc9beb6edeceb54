// Benchmark helper for `spaces-bench parquet`.
//   node parquet-bench.mjs write <file> <rows>         writes the benchmark file with hyparquet-writer (Snappy)
//   node parquet-bench.mjs read <file> <repetitions>   reads it with hyparquet after one warm-up run;
//                                                       prints {"rows": n, "seconds": [..]} as JSON
import fs from 'node:fs'
import { parquetRead } from 'hyparquet'
import { parquetWriteFile } from 'hyparquet-writer'

const [mode, filename, countArg] = process.argv.slice(2)
const count = Number(countArg)
if (!['write', 'read'].includes(mode) || !filename || !(count > 0)) {
  console.error('usage: node parquet-bench.mjs write <file> <rows> | read <file> <repetitions>')
  process.exit(2)
}

if (mode === 'write') {
  const words = ['the', 'quick', 'brown', 'fox', 'jumps', 'over', 'a', 'lazy', 'dog', 'données', '数据']
  const text = i => Array.from({ length: 4 + (i % 12) }, (_, k) => words[(i * 7 + k * 3) % words.length]).join(' ') + ` #${i}`
  parquetWriteFile({
    filename,
    codec: 'SNAPPY',
    rowGroupSize: 100_000,
    columnData: [
      { name: 'id', data: Array.from({ length: count }, (_, i) => BigInt(i)), type: 'INT64', nullable: false },
      { name: 'text', data: Array.from({ length: count }, (_, i) => text(i)), type: 'STRING', nullable: false },
      { name: 'score', data: Array.from({ length: count }, (_, i) => (i * 0.618033988749) % 1), type: 'DOUBLE', nullable: false },
      { name: 'bucket', data: Array.from({ length: count }, (_, i) => (i % 7 === 0 ? null : i % 1000)), type: 'INT32' },
    ],
  })
} else {
  const buffer = fs.readFileSync(filename)
  const file = buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.byteLength)
  const readAll = () => new Promise((resolve, reject) => {
    parquetRead({ file, rowFormat: 'array', onComplete: rows => resolve(rows.length) }).catch(reject)
  })
  let rows = await readAll() // warm-up: JIT and caches
  const seconds = []
  for (let i = 0; i < count; i++) {
    const start = process.hrtime.bigint()
    rows = await readAll()
    seconds.push(Number(process.hrtime.bigint() - start) / 1e9)
  }
  process.stdout.write(JSON.stringify({ rows, seconds }))
}
