// GPT-2 token ids from independent implementations, for the .NET tokenizer tests.
// Input: a JSON array of strings, from the file named by the first argument or from stdin.
// Output (one JSON line): { tiktoken: [[ids]...], tiktokenSpecial: [[ids]...], gpt3Encoder: [[ids]...] } where
// tiktoken = get_encoding("gpt2").encode_ordinary (special-token text is ordinary text),
// tiktokenSpecial = encode(text, "all") (<|endoftext|> in text becomes 50256),
// gpt3Encoder = gpt-3-encoder's port of OpenAI's encoder.py (ordinary text, JavaScript's /u regex).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { get_encoding } from 'tiktoken';

const require = createRequire(import.meta.url);
const gpt3Encoder = require('gpt-3-encoder');

const input = readFileSync(process.argv[2] ?? 0, 'utf8');
const texts = JSON.parse(input);
if (!Array.isArray(texts) || texts.some((t) => typeof t !== 'string')) {
  throw new Error('expected a JSON array of strings');
}

const encoding = get_encoding('gpt2');
try {
  const result = {
    tiktoken: texts.map((t) => Array.from(encoding.encode_ordinary(t))),
    tiktokenSpecial: texts.map((t) => Array.from(encoding.encode(t, 'all'))),
    gpt3Encoder: texts.map((t) => gpt3Encoder.encode(t)),
  };
  process.stdout.write(JSON.stringify(result) + '\n');
} finally {
  encoding.free();
}
