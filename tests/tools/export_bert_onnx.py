#!/usr/bin/env python3
"""Export a BERT encoder (sentence-transformers folder) to ONNX without PyTorch.

The graph is written op by op with the ``onnx`` helper API from the folder's
``config.json`` and ``model.safetensors``:

    inputs : input_ids, attention_mask, token_type_ids   int64 [batch, seq]
    output : last_hidden_state                           float32 [batch, seq, hidden]

All weights are fp32 initializers. GELU is the exact erf form, the attention
mask is the usual extended mask ``(1 - mask) * MASK_NEG`` added to the scores.

The file also holds an independent numpy (float64) forward pass of BERT used to
validate the exported graph, and a ``--validate`` mode that checks it on real
sentences plus the known all-MiniLM-L6-v2 similarity behaviour.

Usage:
    python export_bert_onnx.py SRC_DIR OUT.onnx [--validate]
    python export_bert_onnx.py SRC_DIR --validate-only OUT.onnx
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

OPSET = 17
# IR version 8 is the one that goes with opset 17; keeping it low lets older
# onnxruntime builds (node and python) load the file too.
IR_VERSION = 8
# Large negative added to masked attention scores (same as transformers'
# eager BERT: torch.finfo(float32).min).
MASK_NEG = float(np.finfo(np.float32).min)

SUPPORTED_ACTS = ("gelu", "relu")


# --------------------------------------------------------------------------
# config + weights
# --------------------------------------------------------------------------

def load_config(src: Path) -> dict:
    cfg = json.loads((src / "config.json").read_text(encoding="utf-8"))
    model_type = cfg.get("model_type", "bert")
    if model_type != "bert":
        raise ValueError(f"{src}/config.json: model_type {model_type!r} is not 'bert'")
    need = ("hidden_size", "num_hidden_layers", "num_attention_heads",
            "intermediate_size", "max_position_embeddings", "vocab_size")
    missing = [k for k in need if k not in cfg]
    if missing:
        raise ValueError(f"{src}/config.json lacks {missing}")
    if cfg["hidden_size"] % cfg["num_attention_heads"]:
        raise ValueError("hidden_size is not a multiple of num_attention_heads")
    act = cfg.get("hidden_act", "gelu")
    if act not in SUPPORTED_ACTS:
        raise ValueError(f"hidden_act {act!r} not supported (only {SUPPORTED_ACTS})")
    pos = cfg.get("position_embedding_type", "absolute")
    if pos != "absolute":
        raise ValueError(f"position_embedding_type {pos!r} not supported")
    cfg.setdefault("layer_norm_eps", 1e-12)
    cfg.setdefault("type_vocab_size", 2)
    cfg.setdefault("hidden_act", "gelu")
    return cfg


def load_weights(src: Path) -> dict[str, np.ndarray]:
    """model.safetensors as {name: float32 array}, names without a 'bert.' prefix."""
    from safetensors.numpy import load_file

    path = src / "model.safetensors"
    if not path.is_file():
        raise FileNotFoundError(f"{path} not found")
    raw = load_file(str(path))
    out: dict[str, np.ndarray] = {}
    for name, arr in raw.items():
        for prefix in ("bert.", "model.", "0.auto_model."):
            if name.startswith(prefix):
                name = name[len(prefix):]
                break
        if arr.dtype != np.int64:
            arr = arr.astype(np.float32)
        out[name] = arr
    return out


def _w(weights: dict[str, np.ndarray], name: str) -> np.ndarray:
    try:
        return weights[name]
    except KeyError:
        raise KeyError(f"weight {name!r} missing from model.safetensors") from None


# --------------------------------------------------------------------------
# ONNX graph
# --------------------------------------------------------------------------

class _GraphBuilder:
    def __init__(self) -> None:
        self.nodes: list[onnx.NodeProto] = []
        self.inits: list[onnx.TensorProto] = []
        self._n = 0

    def _name(self, hint: str) -> str:
        self._n += 1
        return f"{hint}_{self._n}"

    def init(self, name: str, arr: np.ndarray) -> str:
        self.inits.append(numpy_helper.from_array(np.ascontiguousarray(arr), name))
        return name

    def const(self, hint: str, arr) -> str:
        return self.init(self._name(hint), np.asarray(arr))

    def op(self, op_type: str, inputs: list[str], hint: str | None = None, **attrs) -> str:
        out = self._name(hint or op_type.lower())
        self.nodes.append(helper.make_node(op_type, inputs, [out], name=out, **attrs))
        return out


def build_model(cfg: dict, weights: dict[str, np.ndarray]) -> onnx.ModelProto:
    H = int(cfg["hidden_size"])
    nh = int(cfg["num_attention_heads"])
    hd = H // nh
    n_layers = int(cfg["num_hidden_layers"])
    eps = float(cfg["layer_norm_eps"])
    act = cfg["hidden_act"]

    g = _GraphBuilder()

    # shared constants
    one_f = g.const("one", np.array(1.0, np.float32))
    half_f = g.const("half", np.array(0.5, np.float32))
    neg_f = g.const("mask_neg", np.array(MASK_NEG, np.float32))
    scale_f = g.const("attn_scale", np.array(1.0 / math.sqrt(hd), np.float32))
    sqrt2 = g.const("sqrt2", np.array(math.sqrt(2.0), np.float32))
    split_heads = g.const("shape_heads", np.array([0, 0, nh, hd], np.int64))
    merge_heads = g.const("shape_merge", np.array([0, 0, H], np.int64))
    axes12 = g.const("axes12", np.array([1, 2], np.int64))
    zero_1d = g.const("zero_1d", np.array([0], np.int64))

    # ---- embeddings
    word = g.init("embeddings.word_embeddings.weight", _w(weights, "embeddings.word_embeddings.weight"))
    pos = g.init("embeddings.position_embeddings.weight",
                 _w(weights, "embeddings.position_embeddings.weight")[: int(cfg["max_position_embeddings"])])
    tte = g.init("embeddings.token_type_embeddings.weight", _w(weights, "embeddings.token_type_embeddings.weight"))

    # Position embeddings are the first S rows of the table, taken with a Slice
    # whose end is Shape(input_ids)[1:2] (a 1-D tensor). The Range-over-a-scalar
    # form (Shape -> Gather(scalar) -> Range -> Gather) trips an onnxruntime
    # 1.30 graph rewrite at ORT_ENABLE_EXTENDED/ALL ("Starts must be a 1-D
    # array" at run time), so it is avoided on purpose.
    seq_len = g.op("Shape", ["input_ids"], "seq_len", start=1, end=2)  # [1] = S
    e_word = g.op("Gather", [word, "input_ids"], "e_word", axis=0)       # [B,S,H]
    e_tt = g.op("Gather", [tte, "token_type_ids"], "e_tt", axis=0)      # [B,S,H]
    e_pos = g.op("Slice", [pos, zero_1d, seq_len, zero_1d], "e_pos")    # [S,H]
    e = g.op("Add", [e_word, e_tt], "e_sum")
    e = g.op("Add", [e, e_pos], "e_sum")
    x = _layer_norm(g, e, weights, "embeddings.LayerNorm", eps)

    # ---- extended attention mask [B,1,1,S]
    m = g.op("Cast", ["attention_mask"], "mask_f", to=TensorProto.FLOAT)
    m = g.op("Sub", [one_f, m], "mask_inv")
    m = g.op("Mul", [m, neg_f], "mask_neg")
    ext_mask = g.op("Unsqueeze", [m, axes12], "ext_mask")

    # ---- encoder
    for i in range(n_layers):
        p = f"encoder.layer.{i}"
        q = _linear(g, x, weights, f"{p}.attention.self.query")
        k = _linear(g, x, weights, f"{p}.attention.self.key")
        v = _linear(g, x, weights, f"{p}.attention.self.value")
        q = g.op("Transpose", [g.op("Reshape", [q, split_heads], "q_r")], "q_t", perm=[0, 2, 1, 3])
        k = g.op("Transpose", [g.op("Reshape", [k, split_heads], "k_r")], "k_t", perm=[0, 2, 3, 1])
        v = g.op("Transpose", [g.op("Reshape", [v, split_heads], "v_r")], "v_t", perm=[0, 2, 1, 3])
        s = g.op("MatMul", [q, k], "scores")                # [B,nh,S,S]
        s = g.op("Mul", [s, scale_f], "scores_scaled")
        s = g.op("Add", [s, ext_mask], "scores_masked")
        pr = g.op("Softmax", [s], "probs", axis=-1)
        ctx = g.op("MatMul", [pr, v], "ctx")                 # [B,nh,S,hd]
        ctx = g.op("Transpose", [ctx], "ctx_t", perm=[0, 2, 1, 3])
        ctx = g.op("Reshape", [ctx, merge_heads], "ctx_m")  # [B,S,H]
        a = _linear(g, ctx, weights, f"{p}.attention.output.dense")
        a = g.op("Add", [a, x], "attn_res")
        x1 = _layer_norm(g, a, weights, f"{p}.attention.output.LayerNorm", eps)

        h = _linear(g, x1, weights, f"{p}.intermediate.dense")
        if act == "gelu":
            # x * 0.5 * (1 + erf(x / sqrt(2))), in the form onnxruntime fuses to BiasGelu
            t = g.op("Div", [h, sqrt2], "gelu_div")
            t = g.op("Erf", [t], "gelu_erf")
            t = g.op("Add", [t, one_f], "gelu_add")
            t = g.op("Mul", [h, t], "gelu_mul")
            h = g.op("Mul", [t, half_f], "gelu")
        else:
            h = g.op("Relu", [h], "relu")
        o = _linear(g, h, weights, f"{p}.output.dense")
        o = g.op("Add", [o, x1], "out_res")
        x = _layer_norm(g, o, weights, f"{p}.output.LayerNorm", eps)

    g.nodes.append(helper.make_node("Identity", [x], ["last_hidden_state"], name="last_hidden_state"))

    dyn = ["batch", "sequence"]
    graph = helper.make_graph(
        g.nodes,
        "bert_encoder",
        inputs=[helper.make_tensor_value_info(n, TensorProto.INT64, dyn)
                for n in ("input_ids", "attention_mask", "token_type_ids")],
        outputs=[helper.make_tensor_value_info("last_hidden_state", TensorProto.FLOAT,
                                               ["batch", "sequence", H])],
        initializer=g.inits,
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)],
                              producer_name="clinote-export_bert_onnx", producer_version="1")
    model.ir_version = IR_VERSION
    return model


def _linear(g: _GraphBuilder, x: str, weights, prefix: str) -> str:
    w = _w(weights, f"{prefix}.weight")  # torch layout [out, in]
    b = _w(weights, f"{prefix}.bias")
    wt = g.init(f"{prefix}.weight_t", np.ascontiguousarray(w.T))
    bi = g.init(f"{prefix}.bias", b)
    y = g.op("MatMul", [x, wt], "mm")
    return g.op("Add", [y, bi], "lin")


def _layer_norm(g: _GraphBuilder, x: str, weights, prefix: str, eps: float) -> str:
    gamma = g.init(f"{prefix}.weight", _w(weights, f"{prefix}.weight"))
    beta = g.init(f"{prefix}.bias", _w(weights, f"{prefix}.bias"))
    return g.op("LayerNormalization", [x, gamma, beta], "ln", axis=-1, epsilon=eps)


def export(src: Path, out: Path) -> onnx.ModelProto:
    cfg = load_config(src)
    weights = load_weights(src)
    model = build_model(cfg, weights)
    if model.ByteSize() >= 2**31 - 1:
        raise ValueError("model is over the 2 GB protobuf limit; external data not supported")
    onnx.checker.check_model(model)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".tmp")
    onnx.save_model(model, str(tmp))
    tmp.replace(out)
    return model


# --------------------------------------------------------------------------
# independent numpy reference (float64)
# --------------------------------------------------------------------------

_erf = np.frompyfunc(math.erf, 1, 1)


def _np_layer_norm(x, gamma, beta, eps):
    mu = x.mean(axis=-1, keepdims=True)
    var = ((x - mu) ** 2).mean(axis=-1, keepdims=True)
    return (x - mu) / np.sqrt(var + eps) * gamma + beta


def numpy_forward(cfg: dict, weights: dict[str, np.ndarray], input_ids, attention_mask,
                  token_type_ids=None) -> np.ndarray:
    """BERT last_hidden_state in float64, written straight from the paper/HF semantics."""
    W = {k: (v.astype(np.float64) if v.dtype != np.int64 else v) for k, v in weights.items()}
    ids = np.asarray(input_ids, dtype=np.int64)
    mask = np.asarray(attention_mask, dtype=np.float64)
    tt = np.zeros_like(ids) if token_type_ids is None else np.asarray(token_type_ids, np.int64)
    B, S = ids.shape
    H = cfg["hidden_size"]
    nh = cfg["num_attention_heads"]
    hd = H // nh
    eps = cfg["layer_norm_eps"]

    x = (W["embeddings.word_embeddings.weight"][ids]
         + W["embeddings.token_type_embeddings.weight"][tt]
         + W["embeddings.position_embeddings.weight"][np.arange(S)][None, :, :])
    x = _np_layer_norm(x, W["embeddings.LayerNorm.weight"], W["embeddings.LayerNorm.bias"], eps)
    bias = (1.0 - mask)[:, None, None, :] * -1e30  # effectively -inf after exp

    def lin(t, p):
        return t @ W[f"{p}.weight"].T + W[f"{p}.bias"]

    for i in range(cfg["num_hidden_layers"]):
        p = f"encoder.layer.{i}"
        q = lin(x, f"{p}.attention.self.query").reshape(B, S, nh, hd).transpose(0, 2, 1, 3)
        k = lin(x, f"{p}.attention.self.key").reshape(B, S, nh, hd).transpose(0, 2, 1, 3)
        v = lin(x, f"{p}.attention.self.value").reshape(B, S, nh, hd).transpose(0, 2, 1, 3)
        sc = q @ k.transpose(0, 1, 3, 2) / math.sqrt(hd) + bias
        sc = sc - sc.max(axis=-1, keepdims=True)
        pr = np.exp(sc)
        pr = pr / pr.sum(axis=-1, keepdims=True)
        ctx = (pr @ v).transpose(0, 2, 1, 3).reshape(B, S, H)
        a = lin(ctx, f"{p}.attention.output.dense")
        x1 = _np_layer_norm(a + x, W[f"{p}.attention.output.LayerNorm.weight"],
                            W[f"{p}.attention.output.LayerNorm.bias"], eps)
        h = lin(x1, f"{p}.intermediate.dense")
        if cfg["hidden_act"] == "gelu":
            h = 0.5 * h * (1.0 + _erf(h / math.sqrt(2.0)).astype(np.float64))
        else:
            h = np.maximum(h, 0.0)
        o = lin(h, f"{p}.output.dense")
        x = _np_layer_norm(o + x1, W[f"{p}.output.LayerNorm.weight"],
                           W[f"{p}.output.LayerNorm.bias"], eps)
    return x


# --------------------------------------------------------------------------
# validation
# --------------------------------------------------------------------------

VALIDATION_SENTENCES = [
    "A man is eating food.",
    "Patient presents with acute chest pain radiating to the left arm; troponin pending.",
    "BP 142/91, HR 88. Started metoprolol 25 mg PO BID.",
    "Hi",
]


def _encode(tokenizer_path: Path, texts: list[str], max_len: int = 256):
    from tokenizers import Tokenizer

    tok = Tokenizer.from_file(str(tokenizer_path))
    tok.no_padding()
    tok.enable_truncation(max_length=max_len)
    encs = tok.encode_batch(texts)
    S = max(len(e.ids) for e in encs)
    ids = np.zeros((len(encs), S), np.int64)
    mask = np.zeros_like(ids)
    tt = np.zeros_like(ids)
    for r, e in enumerate(encs):
        n = len(e.ids)
        ids[r, :n] = e.ids
        mask[r, :n] = e.attention_mask
        tt[r, :n] = e.type_ids
    return ids, mask, tt


def _session(onnx_path: Path, threads: int = 2, optimize: bool = True):
    import onnxruntime as ort

    so = ort.SessionOptions()
    so.intra_op_num_threads = threads
    so.inter_op_num_threads = 1
    so.log_severity_level = 3
    so.graph_optimization_level = (ort.GraphOptimizationLevel.ORT_ENABLE_ALL if optimize
                                   else ort.GraphOptimizationLevel.ORT_DISABLE_ALL)
    return ort.InferenceSession(str(onnx_path), so, providers=["CPUExecutionProvider"])


def _mean_pool_normalize(h: np.ndarray, mask: np.ndarray) -> np.ndarray:
    m = mask[:, :, None].astype(h.dtype)
    v = (h * m).sum(axis=1) / np.maximum(m.sum(axis=1), 1e-9)
    return v / np.maximum(np.linalg.norm(v, axis=1, keepdims=True), 1e-12)


def validate(src: Path, onnx_path: Path, sentences: list[str] | None = None,
             check_minilm_behaviour: bool = True, verbose: bool = True) -> dict:
    """Compare the ONNX graph to the numpy reference. Raises AssertionError on failure."""
    cfg = load_config(src)
    weights = load_weights(src)
    sess = _session(onnx_path)
    sentences = sentences or VALIDATION_SENTENCES
    ids, mask, tt = _encode(src / "tokenizer.json", sentences)
    feed = {"input_ids": ids, "attention_mask": mask, "token_type_ids": tt}
    onnx_out = sess.run(["last_hidden_state"], feed)[0]
    ref = numpy_forward(cfg, weights, ids, mask, tt)
    # compare real-token positions (padding rows are don't-care for every consumer)
    sel = mask.astype(bool)
    max_diff = float(np.abs(onnx_out[sel].astype(np.float64) - ref[sel]).max())
    max_diff_all = float(np.abs(onnx_out.astype(np.float64) - ref).max())
    # the graph as written, without onnxruntime's fusions, must agree as well
    plain = _session(onnx_path, optimize=False).run(["last_hidden_state"], feed)[0]
    max_diff_plain = float(np.abs(plain[sel].astype(np.float64) - ref[sel]).max())
    max_diff = max(max_diff, max_diff_plain)
    # single-sentence (no padding) run must agree with the padded batch
    single_diff = 0.0
    for r in range(len(sentences)):
        n = int(mask[r].sum())
        one = sess.run(["last_hidden_state"], {k: v[r:r + 1, :n] for k, v in feed.items()})[0]
        single_diff = max(single_diff, float(np.abs(one[0] - onnx_out[r, :n]).max()))
    result = {"max_abs_diff": max_diff, "max_abs_diff_unoptimized": max_diff_plain,
              "max_abs_diff_incl_padding": max_diff_all, "batched_vs_single_max_diff": single_diff}
    if verbose:
        print(f"numpy(float64) vs onnx(fp32) last_hidden_state max|diff| = {max_diff:.3e} "
              f"(ORT_DISABLE_ALL {max_diff_plain:.3e}; incl. padding rows {max_diff_all:.3e}); "
              f"batched vs single {single_diff:.3e}")
    assert max_diff < 1e-4, f"ONNX vs numpy max abs diff {max_diff} >= 1e-4"
    assert single_diff < 1e-4, f"padded-batch vs single run differ by {single_diff}"

    if check_minilm_behaviour:
        trio = ["A man is eating food.", "A man is eating a piece of bread.", "A man is riding a horse."]
        ids, mask, tt = _encode(src / "tokenizer.json", trio)
        h = sess.run(["last_hidden_state"], {"input_ids": ids, "attention_mask": mask,
                                              "token_type_ids": tt})[0]
        e = _mean_pool_normalize(h, mask)
        c_bread = float(e[0] @ e[1])
        c_horse = float(e[0] @ e[2])
        result.update(cos_food_bread=c_bread, cos_food_horse=c_horse)
        if verbose:
            print(f"cos('{trio[0]}', '{trio[1]}') = {c_bread:.4f}")
            print(f"cos('{trio[0]}', '{trio[2]}') = {c_horse:.4f}")
        assert c_bread > 0.6, f"cosine food/bread {c_bread} not > 0.6"
        assert c_horse < 0.3, f"cosine food/horse {c_horse} not < 0.3"
    return result


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("src", type=Path, help="sentence-transformers folder (config.json, model.safetensors)")
    ap.add_argument("out", type=Path, help="output model.onnx")
    ap.add_argument("--validate", action="store_true", help="check against the numpy reference after export")
    ap.add_argument("--validate-only", action="store_true", help="do not export, only validate OUT")
    ap.add_argument("--no-minilm-check", action="store_true",
                    help="skip the all-MiniLM-L6-v2 similarity check (other models)")
    a = ap.parse_args(argv)
    try:
        if not a.validate_only:
            export(a.src, a.out)
            print(f"wrote {a.out} ({a.out.stat().st_size} bytes)")
        if a.validate or a.validate_only:
            validate(a.src, a.out, check_minilm_behaviour=not a.no_minilm_check)
            print("validation OK")
    except (AssertionError, ValueError, KeyError, FileNotFoundError) as exc:
        print(f"export_bert_onnx: error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
