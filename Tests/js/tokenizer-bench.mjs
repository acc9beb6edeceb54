// Single-thread GPT-2 encoding throughput of tiktoken (Rust compiled to WASM) and gpt-tokenizer (pure JS), for spaces-bench.
// Usage: node tokenizer-bench.mjs <utf8-text-file> [repetitions=5]
// Output (one JSON line): { bytes, results: [{ name, tokens, mbPerSecond: [..] }] } with MB = 10^6 bytes of UTF-8 input.
// Each tokenizer encodes the whole file once unmeasured (JIT, WASM tier-up, gpt-tokenizer's merge cache), then once per repetition.
import { readFileSync } from 'node:fs';
import { get_encoding } from 'tiktoken';
import { encode as gptTokenizerEncode } from 'gpt-tokenizer/encoding/gpt2';

const [file, repetitionsArg] = process.argv.slice(2);
if (!file) {
  throw new Error('usage: node tokenizer-bench.mjs <utf8-text-file> [repetitions]');
}
const repetitions = Number(repetitionsArg ?? 5);
const text = readFileSync(file, 'utf8');
const bytes = Buffer.byteLength(text, 'utf8');

function measure(name, encode) {
  const tokens = encode(text).length;
  const mbPerSecond = [];
  for (let i = 0; i < repetitions; i++) {
    const start = process.hrtime.bigint();
    encode(text);
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    mbPerSecond.push(bytes / 1e6 / seconds);
  }
  return { name, tokens, mbPerSecond };
}

const tiktoken = get_encoding('gpt2');
try {
  const results = [
    measure('tiktoken (WASM)', (t) => tiktoken.encode_ordinary(t)),
    measure('gpt-tokenizer (JS)', (t) => gptTokenizerEncode(t, { disallowedSpecial: new Set() })),
  ];
  process.stdout.write(JSON.stringify({ bytes, results }) + '\n');
} finally {
  tiktoken.free();
}
