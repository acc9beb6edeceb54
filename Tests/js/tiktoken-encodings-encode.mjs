// Token ids of tiktoken's cl100k_base, o200k_base and r50k_base (special-token text allowed, as "all"), for the .NET tests
// of the ML.Tokenizers-backed encodings. Input: a JSON array of strings in the file named by the first argument.
// Output (one JSON line): { cl100k_base: [[ids]...], o200k_base: [[ids]...], r50k_base: [[ids]...] }.
import { readFileSync } from 'node:fs';
import { get_encoding } from 'tiktoken';

const texts = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const result = {};
for (const name of ['cl100k_base', 'o200k_base', 'r50k_base']) {
  const encoding = get_encoding(name);
  try {
    result[name] = texts.map((t) => Array.from(encoding.encode(t, 'all')));
  } finally {
    encoding.free();
  }
}
process.stdout.write(JSON.stringify(result) + '\n');
