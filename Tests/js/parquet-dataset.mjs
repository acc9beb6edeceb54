// Writes a small dataset as Parquet with an independent writer (hyparquet-writer), for the import tests:
// columns text (string) and label (int32). Usage: node parquet-dataset.mjs <file> <rows>
import { parquetWriteFile } from 'hyparquet-writer'

const [file, rowsText] = process.argv.slice(2)
const rows = Number(rowsText)
const text = i => `Story ${i}: once upon a time there was a ${['cat', 'dog', 'robot', '🐉 dragon'][i % 4]} who counted to ${i}.`
parquetWriteFile({
  filename: file,
  columnData: [
    { name: 'text', data: Array.from({ length: rows }, (_, i) => text(i)), type: 'STRING' },
    { name: 'label', data: Array.from({ length: rows }, (_, i) => i % 3), type: 'INT32' },
  ],
  rowGroupSize: Math.max(1, Math.ceil(rows / 3)),
})
