"""A small byte-level BPE vocabulary for the starter model, trained on its own corpus, and
written as a Hugging Face tokenizer.json that Hearth (and llama.cpp's "qwen2" pre-tokenizer)
read the same way.

Pre-tokenization is Qwen2's: every digit is its own pre-token, so no merge can join digits and
every number reaches the model digit by digit. The corpus is ASCII apart from "×", so the
pattern's Unicode classes are written here for that alphabet; the tokenizer.json carries
Qwen2's real pattern.
"""

import collections
import json
import re

# Qwen2's pre-tokenizer pattern, as tokenizer.json spells it.
QWEN2_PATTERN = (r"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}|"
                 r" ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+")
_ASCII_PATTERN = re.compile(
    r"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\nA-Za-z0-9]?[A-Za-z]+|[0-9]|"
    r" ?[^\sA-Za-z0-9]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+")


def _bytes_to_unicode():
    """GPT-2's map of the 256 bytes to printable characters (what ByteLevel uses)."""
    bs = list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1)) + \
        list(range(ord("®"), ord("ÿ") + 1))
    cs = bs[:]
    n = 0
    for b in range(256):
        if b not in bs:
            bs.append(b)
            cs.append(256 + n)
            n += 1
    return dict(zip(bs, map(chr, cs)))


BYTE_CHARS = _bytes_to_unicode()


def pre_tokens(text):
    for word in _ASCII_PATTERN.findall(text):
        yield "".join(BYTE_CHARS[b] for b in word.encode("utf-8"))


class Bpe:
    def __init__(self, merges):
        self.merges = merges  # [(left, right)] in rank order
        self.ranks = {pair: i for i, pair in enumerate(merges)}
        self.vocab = {c: i for i, c in enumerate(BYTE_CHARS[b] for b in range(256))}
        for left, right in merges:
            self.vocab.setdefault(left + right, len(self.vocab))
        self.cache = {}

    @staticmethod
    def train(texts, merge_count):
        words = collections.Counter(w for t in texts for w in pre_tokens(t))
        splits = {w: list(w) for w in words}
        merges = []
        for _ in range(merge_count):
            pairs = collections.Counter()
            for w, n in words.items():
                s = splits[w]
                for a, b in zip(s, s[1:]):
                    pairs[a, b] += n
            if not pairs:
                break
            # Ties broken by the pair itself, so that training is the same everywhere.
            best = max(pairs.items(), key=lambda kv: (kv[1], kv[0]))[0]
            if pairs[best] < 2:
                break
            merges.append(best)
            for w, s in splits.items():
                i, out = 0, []
                while i < len(s):
                    if i + 1 < len(s) and (s[i], s[i + 1]) == best:
                        out.append(s[i] + s[i + 1])
                        i += 2
                    else:
                        out.append(s[i])
                        i += 1
                splits[w] = out
        return Bpe(merges)

    def _word(self, word):
        if word in self.cache:
            return self.cache[word]
        parts = list(word)
        while len(parts) > 1:
            ranked = [(self.ranks.get(p, 1 << 30), i) for i, p in enumerate(zip(parts, parts[1:]))]
            rank, i = min(ranked)
            if rank == 1 << 30:
                break
            parts[i:i + 2] = [parts[i] + parts[i + 1]]
        ids = [self.vocab[p] for p in parts]
        self.cache[word] = ids
        return ids

    def encode(self, text):
        return [i for w in pre_tokens(text) for i in self._word(w)]


def tokenizer_json(bpe, specials):
    """tokenizer.json: the BPE vocabulary, then `specials` (text -> (id, special?))."""
    added = [{"id": i, "content": text, "single_word": False, "lstrip": False, "rstrip": False,
              "normalized": False, "special": special}
             for text, (i, special) in sorted(specials.items(), key=lambda kv: kv[1][0])]
    return {
        "version": "1.0",
        "truncation": None,
        "padding": None,
        "added_tokens": added,
        "normalizer": None,
        "pre_tokenizer": {"type": "Sequence", "pretokenizers": [
            {"type": "Split", "pattern": {"Regex": QWEN2_PATTERN}, "behavior": "Isolated",
             "invert": False},
            {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": False,
             "use_regex": False}]},
        "post_processor": None,
        "decoder": {"type": "ByteLevel", "add_prefix_space": True, "trim_offsets": True,
                    "use_regex": True},
        "model": {"type": "BPE", "dropout": None, "unk_token": None,
                  "continuing_subword_prefix": "", "end_of_word_suffix": "",
                  "fuse_unk": False, "byte_fallback": False, "ignore_merges": False,
                  "vocab": bpe.vocab, "merges": [f"{a} {b}" for a, b in bpe.merges]},
    }


def save(path, bpe, specials):
    with open(path, "w", encoding="utf-8") as f:
        json.dump(tokenizer_json(bpe, specials), f, ensure_ascii=False, indent=1)
