#!/usr/bin/env python3
"""Build small randomly initialised encoders shaped like the seed models, offline, for Clinote's import and parity tests.

No weights are downloaded: `transformers` builds each model from a config with a fixed seed, `torch.onnx.export`
writes the graph, and the folder is laid out like a sentence-transformers export (modules.json, 1_Pooling/config.json,
sentence_bert_config.json, config.json, tokenizer.json). The vectors mean nothing; what is real is the graph that
transformers' own modelling code produces for that architecture, which is what Clinote must read and run.

  DIR/bert-base-shape/   BertModel, hidden 768, 12 heads, 2 layers, 512 positions, mean pooling: the shape of
                         neuml/pubmedbert-base-embeddings (and MedEmbed-base). Tokenizer: the BERT uncased WordPiece
                         tokenizer.json of the all-MiniLM-L6-v2 test model (30,522 ids, the table size of bert-base).
  DIR/modernbert-shape/  ModernBertModel, hidden 768, 12 heads, 3 layers (one global, two local with a 128-token
                         window, as ModernBERT alternates them), 8,192 positions, no token_type_ids, mean pooling: the
                         shape of Clinical ModernBERT. Tokenizer: ModernBERT's own is a byte-level BPE of 50k ids that
                         cannot be had offline, so a byte-level BPE of 4,000 ids is trained here on the MTSamples
                         sample in tests/fixtures (deterministic), with ModernBERT's [CLS] ... [SEP] template and an
                         embedding table rounded up to a multiple of 64 as ModernBERT pads its own.

DIR is --out, else $CLINOTE_MODEL_CACHE, else ~/.cache/clinote/test-models. A folder whose build-info.json matches
this script's hash is left alone. Needs torch and transformers (tests/tools/requirements-export.txt).

Usage: python build_shape_models.py --minilm DIR/all-minilm-l6-v2 [--out DIR] [--force]
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import os
import shutil
import sys
import warnings
from pathlib import Path

HERE = Path(__file__).resolve().parent
FIXTURE_TEXT = HERE.parent / "fixtures" / "mtsamples-sample.jsonl.gz"
SEED = 20260101


def script_hash() -> str:
    return hashlib.sha256(Path(__file__).read_bytes()).hexdigest()


def up_to(n: int, multiple: int) -> int:
    return (n + multiple - 1) // multiple * multiple


def write_json(path: Path, obj) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(obj, indent=2) + "\n", encoding="utf-8")


def write_sentence_transformers(out: Path, dims: int, max_seq: int) -> None:
    write_json(out / "modules.json", [
        {"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"},
        {"idx": 1, "name": "1", "path": "1_Pooling", "type": "sentence_transformers.models.Pooling"},
        {"idx": 2, "name": "2", "path": "2_Normalize", "type": "sentence_transformers.models.Normalize"},
    ])
    write_json(out / "1_Pooling" / "config.json", {
        "word_embedding_dimension": dims,
        "pooling_mode_cls_token": False,
        "pooling_mode_mean_tokens": True,
        "pooling_mode_max_tokens": False,
        "pooling_mode_mean_sqrt_len_tokens": False,
    })
    write_json(out / "sentence_bert_config.json", {"max_seq_length": max_seq, "do_lower_case": False})


def export(model, out: Path, inputs: list[str], seq: int) -> None:
    import torch

    model.eval()
    ids = torch.randint(5, 1000, (2, seq), dtype=torch.long)
    mask = torch.ones(2, seq, dtype=torch.long)
    mask[1, seq // 2:] = 0
    feeds = {"input_ids": ids, "attention_mask": mask, "token_type_ids": torch.zeros(2, seq, dtype=torch.long)}
    args = tuple(feeds[n] for n in inputs)
    axes = {n: {0: "batch", 1: "sequence"} for n in inputs}
    axes["last_hidden_state"] = {0: "batch", 1: "sequence"}

    class Wrapper(torch.nn.Module):
        def __init__(self, inner):
            super().__init__()
            self.inner = inner

        def forward(self, *tensors):
            return self.inner(**dict(zip(inputs, tensors))).last_hidden_state

    # The tracer warns about Python booleans taken from shapes in transformers' masking code; validate() is what
    # shows the graph still holds at other lengths and with padding.
    with torch.no_grad(), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        torch.onnx.export(Wrapper(model), args, str(out / "model.onnx"), input_names=inputs,
                          output_names=["last_hidden_state"], dynamic_axes=axes, opset_version=17, dynamo=False)


def validate(model, out: Path, inputs: list[str], lengths: list[int]) -> None:
    """The exported graph against the PyTorch model it came from, at lengths other than the traced one and with
    padding, so no shape or mask was frozen into the trace."""
    import numpy as np
    import onnxruntime as ort
    import torch

    model.eval()  # export() puts the wrapper, and so the model, back in training mode (dropout on)
    session = ort.InferenceSession(str(out / "model.onnx"), providers=["CPUExecutionProvider"])
    if [i.name for i in session.get_inputs()] != inputs:
        raise SystemExit(f"{out}/model.onnx declares inputs {[i.name for i in session.get_inputs()]}, not {inputs}")
    gen = torch.Generator().manual_seed(SEED)
    for seq in lengths:
        ids = torch.randint(5, 1000, (2, seq), generator=gen)
        mask = torch.ones(2, seq, dtype=torch.long)
        mask[1, seq // 3:] = 0
        feeds = {"input_ids": ids, "attention_mask": mask, "token_type_ids": torch.zeros_like(ids)}
        with torch.no_grad():
            ref = model(**{k: feeds[k] for k in inputs}).last_hidden_state.numpy()
        got = session.run(None, {k: feeds[k].numpy() for k in inputs})[0]
        diff = float(np.abs(ref - got)[mask.numpy().astype(bool)].max())
        if diff > 1e-4:
            raise SystemExit(f"{out}/model.onnx differs from PyTorch by {diff} at {seq} tokens")
        print(f"{out.name.strip('.').removesuffix('.building')}: {seq} tokens, max abs diff to PyTorch {diff:.1e}", file=sys.stderr)


def build_bert(out: Path, minilm: Path) -> None:
    import torch
    from transformers import BertConfig, BertModel

    torch.manual_seed(SEED)
    cfg = BertConfig(vocab_size=30522, hidden_size=768, num_hidden_layers=2, num_attention_heads=12,
                     intermediate_size=3072, max_position_embeddings=512, attn_implementation="eager")
    model = BertModel(cfg, add_pooling_layer=False)
    shutil.copy(minilm / "tokenizer.json", out / "tokenizer.json")
    cfg.save_pretrained(out)
    write_sentence_transformers(out, 768, 512)
    export(model, out, ["input_ids", "attention_mask", "token_type_ids"], 16)
    validate(model, out, ["input_ids", "attention_mask", "token_type_ids"], [7, 512])


def train_bpe(out: Path) -> int:
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, processors, trainers

    texts = []
    with gzip.open(FIXTURE_TEXT, "rt", encoding="utf-8") as f:
        for line in f:
            row = json.loads(line)
            if row.get("transcription"):
                texts.append(row["transcription"])
    specials = ["[UNK]", "[CLS]", "[SEP]", "[PAD]", "[MASK]"]
    tok = Tokenizer(models.BPE())
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tok.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(vocab_size=4000, special_tokens=specials, show_progress=False,
                                  initial_alphabet=pre_tokenizers.ByteLevel.alphabet())
    tok.train_from_iterator(texts, trainer=trainer)
    cls, sep = tok.token_to_id("[CLS]"), tok.token_to_id("[SEP]")
    tok.post_processor = processors.TemplateProcessing(
        single="[CLS]:0 $A:0 [SEP]:0", pair="[CLS]:0 $A:0 [SEP]:0 $B:0 [SEP]:0",
        special_tokens=[("[CLS]", cls), ("[SEP]", sep)])
    tok.save(str(out / "tokenizer.json"))
    return tok.get_vocab_size()


def build_modernbert(out: Path) -> None:
    import torch
    from tokenizers import Tokenizer
    from transformers import ModernBertConfig, ModernBertModel

    vocab = train_bpe(out)
    tok = Tokenizer.from_file(str(out / "tokenizer.json"))
    torch.manual_seed(SEED)
    cfg = ModernBertConfig(vocab_size=up_to(vocab, 64), hidden_size=768, num_hidden_layers=3, num_attention_heads=12,
                           intermediate_size=1152, max_position_embeddings=8192, local_attention=128,
                           global_attn_every_n_layers=3, pad_token_id=tok.token_to_id("[PAD]"),
                           cls_token_id=tok.token_to_id("[CLS]"), sep_token_id=tok.token_to_id("[SEP]"),
                           bos_token_id=tok.token_to_id("[CLS]"), eos_token_id=tok.token_to_id("[SEP]"),
                           attn_implementation="eager")
    model = ModernBertModel(cfg)
    cfg.save_pretrained(out)
    write_sentence_transformers(out, 768, 8192)
    # Longer than the local window, so the export traces the sliding-window masking, not a shortcut.
    export(model, out, ["input_ids", "attention_mask"], 300)
    validate(model, out, ["input_ids", "attention_mask"], [7, 700, 3000])


BUILDS = {"bert-base-shape": build_bert, "modernbert-shape": build_modernbert}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    default = os.environ.get("CLINOTE_MODEL_CACHE") or str(Path.home() / ".cache/clinote/test-models")
    ap.add_argument("--out", type=Path, default=Path(default))
    ap.add_argument("--minilm", type=Path, required=True, help="the all-MiniLM-L6-v2 test model folder")
    ap.add_argument("--force", action="store_true")
    a = ap.parse_args(argv)
    stamp = {"script": script_hash()}
    for name, build in BUILDS.items():
        final = a.out / name
        info = final / "build-info.json"
        if not a.force and info.is_file() and json.loads(info.read_text()) == stamp and (final / "model.onnx").is_file():
            print(final)
            continue
        staging = a.out / f".{name}.building"
        shutil.rmtree(staging, ignore_errors=True)
        staging.mkdir(parents=True)
        if name == "bert-base-shape":
            build(staging, a.minilm)
        else:
            build(staging)
        write_json(staging / "build-info.json", stamp)
        shutil.rmtree(final, ignore_errors=True)
        staging.rename(final)
        print(final)
    return 0


if __name__ == "__main__":
    sys.exit(main())
