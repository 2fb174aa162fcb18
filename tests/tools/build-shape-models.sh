#!/usr/bin/env bash
# Builds the seed-shape test models (a BERT-base-shaped and a ModernBERT-shaped encoder, random weights, real graphs;
# see build_shape_models.py) into the test-model cache. torch and transformers live in their own venv beside that
# cache, made only when a model needs building: a second run finds both folders current and installs nothing.
set -euo pipefail
cd "$(dirname "$0")/../.."
CACHE=${CLINOTE_MODEL_CACHE:-$HOME/.cache/clinote/test-models}
VENV=${CLINOTE_EXPORT_VENV:-$HOME/.cache/clinote/export-venv}
want=$(sha256sum tests/tools/build_shape_models.py | cut -d' ' -f1)
current() { [ -f "$CACHE/$1/model.onnx" ] && grep -q "$want" "$CACHE/$1/build-info.json" 2>/dev/null; }
if current bert-base-shape && current modernbert-shape; then exit 0; fi
if [ ! -x "$VENV/bin/python" ]; then "${PYTHON:-python3}" -m venv "$VENV"; fi
"$VENV/bin/python" -m pip install -q --disable-pip-version-check -r tests/tools/requirements-export.txt
"$VENV/bin/python" tests/tools/build_shape_models.py --minilm "$CACHE/all-minilm-l6-v2" --out "$CACHE"
