"""Trains Hearth's starter model (issue 7) from scratch: a tiny Qwen2 (RMSNorm, RoPE, SwiGLU,
grouped KV heads, QKV bias) that reasons in <think>...</think> about arithmetic, comparisons
and counting letters, on transcripts from tasks.py. Writes a Hugging Face directory
(config.json, model.safetensors, tokenizer.json, tokenizer_config.json with the R1 chat
template) that `hearth-make-starter` turns into resources/models/hearth-starter.gguf.

    OMP_WAIT_POLICY=PASSIVE /usr/bin/python3 tools/starter/train_starter.py OUT_DIR [--steps N]

Reproducible: a fixed seed, data drawn in a fixed order, a fixed number of steps (the learning
rate follows the step, not the clock), two threads and deterministic kernels.
"""

import argparse
import json
import math
import os
import random
import struct
import sys
import time

import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bpe  # noqa: E402
import tasks  # noqa: E402

BOS = "<｜begin▁of▁sentence｜>"
EOS = "<｜end▁of▁sentence｜>"
USER = "<｜User｜>"
ASSISTANT = "<｜Assistant｜>"
THINK, END_THINK = "<think>", "</think>"
PAD = "<｜▁pad▁｜>"

TEMPLATE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "resources",
                        "templates", "deepseek-r1-distill.jinja")

CONFIG = dict(hidden=192, layers=4, heads=6, kv_heads=2, ffn=512, merges=220, context=256,
              rope_theta=10000.0, rms_eps=1e-6)


class Block(torch.nn.Module):
    def __init__(self, c):
        super().__init__()
        d, hd = c["hidden"], c["hidden"] // c["heads"]
        self.heads, self.kv_heads, self.head_dim = c["heads"], c["kv_heads"], hd
        self.input_layernorm = RmsNorm(d, c["rms_eps"])
        self.q_proj = torch.nn.Linear(d, c["heads"] * hd, bias=True)
        self.k_proj = torch.nn.Linear(d, c["kv_heads"] * hd, bias=True)
        self.v_proj = torch.nn.Linear(d, c["kv_heads"] * hd, bias=True)
        self.o_proj = torch.nn.Linear(c["heads"] * hd, d, bias=False)
        self.post_attention_layernorm = RmsNorm(d, c["rms_eps"])
        self.gate_proj = torch.nn.Linear(d, c["ffn"], bias=False)
        self.up_proj = torch.nn.Linear(d, c["ffn"], bias=False)
        self.down_proj = torch.nn.Linear(c["ffn"], d, bias=False)

    def forward(self, x, cos, sin, mask):
        b, t, _ = x.shape
        h = self.input_layernorm(x)
        q = self.q_proj(h).view(b, t, self.heads, self.head_dim).transpose(1, 2)
        k = self.k_proj(h).view(b, t, self.kv_heads, self.head_dim).transpose(1, 2)
        v = self.v_proj(h).view(b, t, self.kv_heads, self.head_dim).transpose(1, 2)
        q, k = rope(q, cos, sin), rope(k, cos, sin)
        repeat = self.heads // self.kv_heads
        k, v = k.repeat_interleave(repeat, dim=1), v.repeat_interleave(repeat, dim=1)
        att = (q @ k.transpose(-1, -2)) / math.sqrt(self.head_dim) + mask
        y = (att.softmax(-1) @ v).transpose(1, 2).reshape(b, t, -1)
        x = x + self.o_proj(y)
        h = self.post_attention_layernorm(x)
        return x + self.down_proj(F.silu(self.gate_proj(h)) * self.up_proj(h))


class RmsNorm(torch.nn.Module):
    def __init__(self, d, eps):
        super().__init__()
        self.weight = torch.nn.Parameter(torch.ones(d))
        self.eps = eps

    def forward(self, x):
        return x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + self.eps) * self.weight


def rope(x, cos, sin):
    """NeoX-style rotation of the two halves, as Qwen2 (and llama.cpp's qwen2) apply it."""
    half = x.shape[-1] // 2
    rotated = torch.cat([-x[..., half:], x[..., :half]], dim=-1)
    return x * cos + rotated * sin


class Model(torch.nn.Module):
    def __init__(self, c, vocab):
        super().__init__()
        self.c = c
        self.embed_tokens = torch.nn.Embedding(vocab, c["hidden"])
        self.layers = torch.nn.ModuleList(Block(c) for _ in range(c["layers"]))
        self.norm = RmsNorm(c["hidden"], c["rms_eps"])
        hd = c["hidden"] // c["heads"]
        inv = 1.0 / (c["rope_theta"] ** (torch.arange(0, hd, 2).float() / hd))
        angles = torch.outer(torch.arange(c["context"]).float(), inv)
        angles = torch.cat([angles, angles], dim=-1)
        self.register_buffer("cos", angles.cos(), persistent=False)
        self.register_buffer("sin", angles.sin(), persistent=False)
        for name, p in self.named_parameters():
            if name.endswith("bias"):
                torch.nn.init.zeros_(p)
            elif p.dim() == 2:
                # Small, as GPT-2 and Qwen2 start; the projections into the residual stream
                # smaller still, so that the deep sum starts near the embedding.
                std = 0.02 / math.sqrt(2 * c["layers"]) if name.endswith(("o_proj.weight", "down_proj.weight")) else 0.02
                torch.nn.init.normal_(p, std=std)

    def forward(self, ids):
        t = ids.shape[1]
        mask = torch.full((t, t), float("-inf")).triu(1)
        x = self.embed_tokens(ids)
        for layer in self.layers:
            x = layer(x, self.cos[:t], self.sin[:t], mask)
        return self.norm(x) @ self.embed_tokens.weight.T  # tied output


def chat_prompt(question):
    return BOS + USER + question + ASSISTANT + THINK + "\n"


def completion(reasoning, answer):
    return reasoning + "\n" + END_THINK + "\n\n" + answer + EOS


class Encoder:
    """Text with the special tokens, to ids."""

    def __init__(self, tok, specials):
        self.tok, self.specials = tok, specials

    def __call__(self, text):
        ids, rest = [], text
        names = sorted(self.specials, key=len, reverse=True)
        while rest:
            cut = min(((rest.find(s), s) for s in names if s in rest), default=None)
            if cut is None:
                ids += self.tok.encode(rest)
                break
            at, s = cut
            ids += self.tok.encode(rest[:at]) + [self.specials[s][0]]
            rest = rest[at + len(s):]
        return ids


def batches(encode, batch_size, seed):
    """Endless batches: every task equally often, held-out operands never."""
    rng = random.Random(seed)
    stream = {t: tasks.stream(t, seed, False) for t in tasks.TASKS}
    while True:
        rows = []
        for _ in range(batch_size):
            task = tasks.TASKS[rng.randrange(len(tasks.TASKS))]
            _, question, reasoning, answer, _ = next(stream[task])
            prompt = encode(chat_prompt(question))
            target = encode(completion(reasoning, answer))
            rows.append((prompt, target))
        yield rows


def collate(rows, pad):
    width = max(len(p) + len(t) for p, t in rows)
    ids = torch.full((len(rows), width), pad, dtype=torch.long)
    labels = torch.full((len(rows), width), -100, dtype=torch.long)
    for i, (p, t) in enumerate(rows):
        seq = p + t
        ids[i, :len(seq)] = torch.tensor(seq)
        # Loss on the answer only: position j predicts token j + 1.
        labels[i, len(p) - 1:len(seq) - 1] = torch.tensor(t)
    return ids, labels


def write_safetensors(path, tensors):
    header, blobs, offset = {}, [], 0
    for name, t in tensors.items():
        data = t.detach().contiguous().to(torch.float32).numpy().tobytes()
        header[name] = {"dtype": "F32", "shape": list(t.shape),
                        "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    encoded = json.dumps(header, separators=(",", ":")).encode()
    encoded += b" " * (-len(encoded) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(encoded)) + encoded)
        for blob in blobs:
            f.write(blob)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    parser.add_argument("--steps", type=int, default=1400)  # about 35 minutes on 2 cores
    parser.add_argument("--batch", type=int, default=48)
    parser.add_argument("--lr", type=float, default=3e-3)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()

    torch.manual_seed(args.seed)
    torch.set_num_threads(2)
    torch.use_deterministic_algorithms(True)
    os.makedirs(args.out, exist_ok=True)

    corpus = []
    for t in tasks.TASKS:
        for _, q, r, a, _ in tasks.examples(t, 2000, args.seed, False):
            corpus += [q, r, a]
    tok = bpe.Bpe.train(corpus, CONFIG["merges"])
    names = [BOS, EOS, USER, ASSISTANT, THINK, END_THINK, PAD]
    specials = {s: (len(tok.vocab) + i, s not in (THINK, END_THINK)) for i, s in enumerate(names)}
    vocab = len(tok.vocab) + len(names)
    encode = Encoder(tok, specials)
    pad = specials[PAD][0]

    model = Model(CONFIG, vocab)
    params = sum(p.numel() for p in model.parameters())
    print(f"vocabulary {vocab}, parameters {params:,}", flush=True)
    optimizer = torch.optim.AdamW(model.parameters(), lr=args.lr, betas=(0.9, 0.95),
                                  weight_decay=0.01)
    start = time.time()
    step = 0
    for rows in batches(encode, args.batch, args.seed):
        if step >= args.steps:
            break
        elapsed = time.time() - start
        progress = step / args.steps
        lr = args.lr * min(1.0, (step + 1) / 100) * (0.05 + 0.95 * 0.5 * (1 + math.cos(math.pi * progress)))
        for g in optimizer.param_groups:
            g["lr"] = lr
        ids, labels = collate(rows, pad)
        logits = model(ids)
        loss = F.cross_entropy(logits.view(-1, vocab), labels.view(-1), ignore_index=-100)
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
        if step % 50 == 0:
            print(f"step {step}  {elapsed:6.0f} s  loss {loss.item():.4f}  lr {lr:.2e}", flush=True)
        step += 1

    tensors = {"model.embed_tokens.weight": model.embed_tokens.weight,
               "model.norm.weight": model.norm.weight}
    for i, layer in enumerate(model.layers):
        for name, p in layer.named_parameters():
            prefix = "self_attn." if name.split(".")[0] in ("q_proj", "k_proj", "v_proj", "o_proj") \
                else "mlp." if name.split(".")[0] in ("gate_proj", "up_proj", "down_proj") else ""
            tensors[f"model.layers.{i}.{prefix}{name}"] = p
    write_safetensors(os.path.join(args.out, "model.safetensors"), tensors)
    hd = CONFIG["hidden"] // CONFIG["heads"]
    config = {"architectures": ["Qwen2ForCausalLM"], "model_type": "qwen2",
              "hidden_size": CONFIG["hidden"], "num_hidden_layers": CONFIG["layers"],
              "num_attention_heads": CONFIG["heads"], "num_key_value_heads": CONFIG["kv_heads"],
              "intermediate_size": CONFIG["ffn"], "max_position_embeddings": CONFIG["context"],
              "rope_theta": CONFIG["rope_theta"], "rms_norm_eps": CONFIG["rms_eps"],
              "vocab_size": vocab, "tie_word_embeddings": True, "head_dim": hd,
              "bos_token_id": specials[BOS][0], "eos_token_id": specials[EOS][0],
              "torch_dtype": "float32"}
    with open(os.path.join(args.out, "config.json"), "w") as f:
        json.dump(config, f, indent=1)
    bpe.save(os.path.join(args.out, "tokenizer.json"), tok, specials)
    with open(TEMPLATE, encoding="utf-8") as f:
        template = f.read()
    with open(os.path.join(args.out, "tokenizer_config.json"), "w", encoding="utf-8") as f:
        json.dump({"bos_token": BOS, "eos_token": EOS, "pad_token": PAD,
                   "add_bos_token": True, "chat_template": template}, f, ensure_ascii=False,
                  indent=1)
    print(f"trained {step} steps in {time.time() - start:.0f} s; wrote {args.out}", flush=True)


if __name__ == "__main__":
    main()
