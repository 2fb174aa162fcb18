#!/usr/bin/env bash
# Installs moto's S3 server (PyPI) for the team-library tests into ~/.cache/clinote/s3-venv, outside the repo.
# The tests start it themselves on a free 127.0.0.1 port (or use $CLINOTE_MOTO_SERVER). Idempotent.
set -euo pipefail
cd "$(dirname "$0")/../.."
PY=${PYTHON:-python3}
VENV=${CLINOTE_S3_VENV:-$HOME/.cache/clinote/s3-venv}
if [ ! -x "$VENV/bin/python" ]; then "$PY" -m venv "$VENV"; fi
"$VENV/bin/python" -m pip install -q --disable-pip-version-check -r tests/tools/requirements-s3.txt
"$VENV/bin/moto_server" --help >/dev/null
echo "moto S3 server ready: $VENV/bin/moto_server"
