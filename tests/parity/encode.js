#!/usr/bin/env node
// Reference ids for the tokenizer parity test (tests/parity/tokenizer_parity_test.cpp).
// Reads a corpus file: one JSON string per line. Writes one line per input line:
// [[o200k_base ids...],[cl100k_base ids...]], encoded with js-tiktoken, special tokens
// treated as ordinary text (allowedSpecial = [], disallowedSpecial = []), like tiktoken's
// encode_ordinary. CommonJS on purpose: runs on node 18 (Debian 12) and later.
'use strict';
const fs = require('fs');
const { Tiktoken } = require('js-tiktoken/lite');
const o200k = new Tiktoken(require('js-tiktoken/ranks/o200k_base'));
const cl100k = new Tiktoken(require('js-tiktoken/ranks/cl100k_base'));

const corpus = process.argv[2];
if (!corpus) {
  console.error('usage: encode.js CORPUS.jsonl');
  process.exit(2);
}
const out = [];
for (const line of fs.readFileSync(corpus, 'utf8').split('\n')) {
  if (line === '') continue;
  const text = JSON.parse(line);
  out.push(JSON.stringify([o200k.encode(text, [], []), cl100k.encode(text, [], [])]));
}
process.stdout.write(out.join('\n') + '\n');
