#!/usr/bin/env python3
"""Python reference embedding pipeline for Clinote's parity tests and benchmarks.

Uses only onnxruntime + Hugging Face `tokenizers` (no sentence-transformers,
no PyTorch). Every subcommand reads a JSON array of strings from the file given
as the last argument, or from stdin when it is missing or "-".

  tokenize --model DIR --max-tokens N
      -> JSON array of arrays of token ids (special tokens included, truncated
         to N by tokenizers' own enable_truncation, no padding)

  embed --model DIR --pooling cls|mean --max-tokens N --threads T [--batch-size B] [--out FILE]
      -> L2-normalised float32 embeddings, one per input text, in input order:
         a JSON array of arrays on stdout, or with --out FILE.f32 raw
         little-endian float32 row-major (n x dim) and a JSON summary
         {"count", "dim", "out"} on stdout (--out FILE.json writes the JSON
         array to that file instead)

  bench --model DIR --pooling cls|mean --max-tokens N --threads T --batch-size B
      -> {"texts", "tokens", "seconds", "tokensPerSecond"} for tokenize+embed
         (session creation and one warm-up batch excluded; batches are built
         after sorting by token count, i.e. length bucketing)

--pooling and --max-tokens default to the folder's 1_Pooling/config.json and
sentence_bert_config.json. Errors go to stderr with exit code 2.
"""

from __future__ import annotations

import os

# onnxruntime 1.29+ sends usage telemetry from its official builds unless this is set before its environment
# starts; set here, before onnxruntime is imported, so no caller has to remember it.
os.environ["ORT_DISABLE_TELEMETRY"] = "1"

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np


class RefError(Exception):
    pass


# --------------------------------------------------------------------------
# model folder
# --------------------------------------------------------------------------

def read_texts(path: str | None) -> list[str]:
    try:
        raw = sys.stdin.read() if path in (None, "-") else Path(path).read_text(encoding="utf-8")
    except OSError as e:
        raise RefError(f"cannot read input: {e}") from None
    try:
        data = json.loads(raw)
    except ValueError as e:
        raise RefError(f"input is not JSON: {e}") from None
    if not isinstance(data, list) or not all(isinstance(t, str) for t in data):
        raise RefError("input must be a JSON array of strings")
    return data


def folder_defaults(model_dir: Path) -> tuple[str | None, int | None]:
    pooling = max_tokens = None
    pc = model_dir / "1_Pooling" / "config.json"
    if pc.is_file():
        cfg = json.loads(pc.read_text(encoding="utf-8"))
        if cfg.get("pooling_mode_mean_tokens"):
            pooling = "mean"
        elif cfg.get("pooling_mode_cls_token"):
            pooling = "cls"
    sc = model_dir / "sentence_bert_config.json"
    if sc.is_file():
        max_tokens = json.loads(sc.read_text(encoding="utf-8")).get("max_seq_length")
    return pooling, max_tokens


def load_tokenizer(model_dir: Path, max_tokens: int):
    from tokenizers import Tokenizer

    path = model_dir / "tokenizer.json"
    if not path.is_file():
        raise RefError(f"{path} not found")
    tok = Tokenizer.from_file(str(path))
    # tokenizer.json of all-MiniLM-L6-v2 ships padding=Fixed(128) and
    # truncation=128: override both.
    tok.no_padding()
    tok.enable_truncation(max_length=max_tokens)
    return tok


def pad_id_of(tok) -> int:
    pid = tok.token_to_id("[PAD]")
    return 0 if pid is None else int(pid)


def load_session(model_dir: Path, threads: int):
    import onnxruntime as ort

    path = model_dir / "model.onnx"
    if not path.is_file():
        raise RefError(f"{path} not found")
    so = ort.SessionOptions()
    so.intra_op_num_threads = threads
    so.inter_op_num_threads = 1
    so.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    so.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    so.log_severity_level = 3
    return ort.InferenceSession(str(path), so, providers=["CPUExecutionProvider"])


# --------------------------------------------------------------------------
# pipeline
# --------------------------------------------------------------------------

class Embedder:
    def __init__(self, model_dir: Path, pooling: str, max_tokens: int, threads: int, batch_size: int):
        if pooling not in ("cls", "mean"):
            raise RefError(f"--pooling must be cls or mean, not {pooling!r}")
        if max_tokens < 2:
            raise RefError("--max-tokens must be >= 2")
        if batch_size < 1 or threads < 1:
            raise RefError("--batch-size and --threads must be >= 1")
        self.tok = load_tokenizer(model_dir, max_tokens)
        self.pad_id = pad_id_of(self.tok)
        self.sess = load_session(model_dir, threads)
        self.input_names = {i.name for i in self.sess.get_inputs()}
        unknown = self.input_names - {"input_ids", "attention_mask", "token_type_ids"}
        if unknown:
            raise RefError(f"model declares unsupported inputs {sorted(unknown)}")
        outs = [o.name for o in self.sess.get_outputs()]
        self.output = "last_hidden_state" if "last_hidden_state" in outs else outs[0]
        self.pooling = pooling
        self.batch_size = batch_size

    def encode(self, texts: list[str]):
        return self.tok.encode_batch(texts)

    def _run_batch(self, encs) -> np.ndarray:
        S = max(len(e.ids) for e in encs)
        B = len(encs)
        ids = np.full((B, S), self.pad_id, np.int64)
        mask = np.zeros((B, S), np.int64)
        tt = np.zeros((B, S), np.int64)
        for r, e in enumerate(encs):
            n = len(e.ids)
            ids[r, :n] = e.ids
            mask[r, :n] = e.attention_mask
            tt[r, :n] = e.type_ids
        feed = {"input_ids": ids, "attention_mask": mask, "token_type_ids": tt}
        feed = {k: v for k, v in feed.items() if k in self.input_names}
        h = self.sess.run([self.output], feed)[0].astype(np.float32, copy=False)
        if h.ndim == 2:  # model already pools
            v = h
        elif self.pooling == "cls":
            v = h[:, 0, :]
        else:
            m = mask.astype(np.float32)[:, :, None]
            v = (h * m).sum(axis=1) / np.maximum(m.sum(axis=1), 1e-9)
        norm = np.linalg.norm(v, axis=1, keepdims=True)
        return (v / np.maximum(norm, 1e-12)).astype(np.float32)

    def embed_encodings(self, encs) -> np.ndarray:
        n = len(encs)
        if n == 0:
            return np.zeros((0, 0), np.float32)
        # length bucketing: batch texts of similar token count, restore order after
        order = sorted(range(n), key=lambda i: len(encs[i].ids))
        out: np.ndarray | None = None
        for start in range(0, n, self.batch_size):
            idx = order[start:start + self.batch_size]
            vecs = self._run_batch([encs[i] for i in idx])
            if out is None:
                out = np.empty((n, vecs.shape[1]), np.float32)
            out[idx] = vecs
        return out

    def embed(self, texts: list[str]) -> np.ndarray:
        return self.embed_encodings(self.encode(texts))


# --------------------------------------------------------------------------
# commands
# --------------------------------------------------------------------------

def cmd_tokenize(a) -> None:
    tok = load_tokenizer(a.model, a.max_tokens)
    encs = tok.encode_batch(read_texts(a.input))
    json.dump([e.ids for e in encs], sys.stdout, separators=(",", ":"))
    sys.stdout.write("\n")


def cmd_embed(a) -> None:
    texts = read_texts(a.input)
    emb = Embedder(a.model, a.pooling, a.max_tokens, a.threads, a.batch_size).embed(texts)
    if a.out is None:
        json.dump(emb.tolist(), sys.stdout, separators=(",", ":"))
        sys.stdout.write("\n")
        return
    out = Path(a.out)
    if out.suffix == ".json":
        out.write_text(json.dumps(emb.tolist(), separators=(",", ":")) + "\n", encoding="utf-8")
    else:
        out.write_bytes(np.ascontiguousarray(emb, dtype="<f4").tobytes())
    json.dump({"count": int(emb.shape[0]), "dim": int(emb.shape[1]) if emb.size else 0,
               "out": str(out)}, sys.stdout)
    sys.stdout.write("\n")


def cmd_bench(a) -> None:
    texts = read_texts(a.input)
    if not texts:
        raise RefError("bench needs at least one text")
    e = Embedder(a.model, a.pooling, a.max_tokens, a.threads, a.batch_size)
    e.embed(texts[: a.batch_size])  # warm-up (allocations, kernel selection); not timed
    t0 = time.perf_counter()
    encs = e.encode(texts)
    e.embed_encodings(encs)
    seconds = time.perf_counter() - t0
    tokens = sum(len(x.ids) for x in encs)
    json.dump({"texts": len(texts), "tokens": tokens, "seconds": round(seconds, 6),
               "tokensPerSecond": round(tokens / seconds, 3) if seconds > 0 else None}, sys.stdout)
    sys.stdout.write("\n")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)

    def common(p, pooling: bool):
        p.add_argument("--model", type=Path, required=True, help="model folder (model.onnx, tokenizer.json)")
        p.add_argument("--max-tokens", type=int, default=None,
                       help="truncate to N tokens incl. special tokens (default: sentence_bert_config)")
        if pooling:
            p.add_argument("--pooling", choices=("cls", "mean"), default=None,
                           help="default: 1_Pooling/config.json")
            p.add_argument("--threads", type=int, default=1, help="onnxruntime intra-op threads")
            p.add_argument("--batch-size", type=int, default=32)
        p.add_argument("input", nargs="?", default=None, help="JSON file with an array of strings (default stdin)")

    common(sub.add_parser("tokenize", help="texts -> token ids"), pooling=False)
    pe = sub.add_parser("embed", help="texts -> normalised embeddings")
    common(pe, pooling=True)
    pe.add_argument("--out", default=None, help="write FILE.f32 (raw LE float32) or FILE.json instead of stdout")
    common(sub.add_parser("bench", help="throughput of tokenize+embed"), pooling=True)

    a = ap.parse_args(argv)
    try:
        if not a.model.is_dir():
            raise RefError(f"--model {a.model} is not a directory")
        dpool, dmax = folder_defaults(a.model)
        if a.max_tokens is None:
            a.max_tokens = dmax or 512
        if hasattr(a, "pooling") and a.pooling is None:
            if dpool is None:
                raise RefError("--pooling not given and the folder has no 1_Pooling/config.json")
            a.pooling = dpool
        {"tokenize": cmd_tokenize, "embed": cmd_embed, "bench": cmd_bench}[a.cmd](a)
    except RefError as e:
        print(f"reference.py: error: {e}", file=sys.stderr)
        return 2
    except Exception as e:  # onnxruntime / tokenizers failures: one clear line
        print(f"reference.py: error: {type(e).__name__}: {e}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
