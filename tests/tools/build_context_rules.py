#!/usr/bin/env python3
"""Build resources/context/context_rules.json from medspaCy's English ConText rules and section patterns plus the
project's own additions (resources/context/additions.json).

    python tests/tools/build_context_rules.py [--sdist medspacy-1.3.1.tar.gz] [--check]

Without --sdist the source distribution is fetched with `pip download --no-deps --no-binary :all: medspacy==1.3.1`
into a temporary folder. Its sha256 is pinned: a different file is refused. --check exits 1 when the committed
resource differs from what the build would write.

Conversion (see resources/context/SOURCE.md): spaCy token patterns (LOWER / IN / OP '?') become the compact pattern
syntax of additions.json; categories and directions are renamed; a few rules are re-categorised or re-directed, listed
in CHANGES below with the reason. Anything else in a token pattern is refused, so a new medspaCy release cannot slip
in rules the detector would misread.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

PACKAGE = "medspacy"
VERSION = "1.3.1"
SDIST_SHA256 = "976599d9446e98018b311951cfa926be5a59d0c140967b828fe98bc4bada40fe"
PREFIX = f"medspacy-{VERSION}/"
RULES_PATH = "resources/en/context_rules.json"
SECTIONS_PATH = "resources/en/section_patterns.json"
LICENSE_PATH = "LICENSE"
SOURCE_TAG = f"medspacy-{VERSION}"
OWN_TAG = "clinote"

REPO = Path(__file__).resolve().parents[2]
OUT_DIR = REPO / "resources" / "context"

CATEGORIES = {
    "NEGATED_EXISTENCE": "negated",
    "POSSIBLE_EXISTENCE": "possible",
    "HYPOTHETICAL": "hypothetical",
    "HISTORICAL": "historical",
    "FAMILY": "family",
}

# literal -> (field changes, reason). Applied to medspaCy rules only; each must match exactly one rule.
CHANGES: dict[str, tuple[dict, str]] = {
    "evaluate for": ({"category": "possible"}, "a condition being evaluated for is uncertain, not absent"),
    "test for": ({"category": "possible"}, "a condition being tested for is uncertain, not absent"),
    "checked for": ({"category": "possible"}, "a condition being checked for is uncertain, not absent"),
    "resolved": (
        {"category": "historical", "direction": "backward"},
        "'pain resolved': the finding existed and is over; the finding precedes the word",
    ),
    "now resolved": ({"category": "historical"}, "the finding existed and is over"),
    "did not rule out": (
        {"direction": "bidirectional"},
        "'we could not rule out X' has X after the trigger, 'X could not be ruled out' before it",
    ),
    "secondary": (
        {"pattern": "secondary to"},
        "bare 'secondary' cut 'no evidence of secondary infection'; only the causal 'secondary to' terminates",
    ),
    "prophylaxis": (
        {"category": "hypothetical"},
        "'DVT prophylaxis' names an event being prevented, like 'to prevent DVT', not one found absent",
    ),
    ": no": (
        {"direction": "bidirectional"},
        "'Fever: no' has the finding before the colon, 'CT of the pelvis: No abnormalities' after it",
    ),
    "family": (
        {"drop_alternatives": ["child"]},
        "in paediatric notes 'the child' is the patient, not a relative",
    ),
}


def fetch_sdist(dest: Path) -> Path:
    subprocess.run(
        [sys.executable, "-m", "pip", "download", "--no-deps", "--no-binary", ":all:", f"{PACKAGE}=={VERSION}",
         "-d", str(dest)],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return dest / f"{PACKAGE}-{VERSION}.tar.gz"


def read_sdist(path: Path) -> tuple[str, dict[str, bytes]]:
    data = path.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    if digest != SDIST_SHA256:
        raise SystemExit(f"{path}: sha256 {digest} is not the pinned {SDIST_SHA256}")
    files = {}
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as tar:
        for name in (RULES_PATH, SECTIONS_PATH, LICENSE_PATH):
            member = tar.extractfile(PREFIX + name)
            if member is None:
                raise SystemExit(f"{path}: {PREFIX + name} missing")
            files[name] = member.read()
    return digest, files


def slot_from_token(tok: dict, literal: str, drop: list[str]) -> list[str]:
    """One spaCy token spec -> list of slot strings (more than one when an IN value holds several words)."""
    unknown = set(tok) - {"LOWER", "OP"}
    if unknown or tok.get("OP", "?") != "?":
        raise SystemExit(f"rule '{literal}': unsupported token spec {tok}")
    value = tok["LOWER"]
    values = [value] if isinstance(value, str) else value.get("IN")
    if not isinstance(values, list) or (isinstance(value, dict) and set(value) != {"IN"}):
        raise SystemExit(f"rule '{literal}': unsupported LOWER {value}")
    values = [v for v in values if v not in drop]
    opt = "?" if tok.get("OP") == "?" else ""
    multi = [v for v in values if " " in v]
    if multi and opt:
        raise SystemExit(f"rule '{literal}': optional multi-word token")
    if multi:
        # spaCy compares LOWER with one token's text, so 'risks of' in an IN list never matched; spelled as the
        # words it meant.
        return [v for v in values]
    return ["|".join(values) + opt]


def patterns_from_spacy(rule: dict, drop: list[str]) -> list[str]:
    if rule.get("pattern") is None:
        return [rule["literal"].lower()]
    variants = [""]
    for tok in rule["pattern"]:
        slots = slot_from_token(tok, rule["literal"], drop)
        variants = [f"{v} {s}".strip() for v in variants for s in slots]
    return variants


def convert_rule(rule: dict) -> dict:
    literal = rule["literal"]
    change, reason = CHANGES.get(literal, ({}, None))
    direction = change.get("direction", rule["direction"].lower())
    out: dict = {"source": SOURCE_TAG, "literal": literal}
    if direction != "terminate":
        out["category"] = change.get("category", CATEGORIES[rule["category"]])
    out["direction"] = direction
    patterns = [change["pattern"]] if "pattern" in change else patterns_from_spacy(rule, change.get("drop_alternatives", []))
    out["patterns"] = patterns
    if reason:
        out["changed"] = reason
    return out


def convert_sections(raw: dict) -> list[dict]:
    seen: dict[str, dict] = {}
    for r in raw["section_rules"]:
        if r.get("pattern") is not None:
            raise SystemExit(f"section rule '{r['literal']}': token patterns are not supported")
        name = " ".join(r["literal"].rstrip(":").split()).upper()
        seen.setdefault(name, {"name": name, "category": r["category"], "source": SOURCE_TAG})
    return list(seen.values())


def build(sdist: Path | None) -> tuple[dict, str]:
    with tempfile.TemporaryDirectory() as tmp:
        path = sdist or fetch_sdist(Path(tmp))
        digest, files = read_sdist(path)
    raw_rules = json.loads(files[RULES_PATH])["context_rules"]
    for literal in CHANGES:
        if sum(1 for r in raw_rules if r["literal"] == literal) != 1:
            raise SystemExit(f"change for '{literal}' does not match exactly one medspaCy rule")
    rules = [convert_rule(r) for r in raw_rules]
    sections = convert_sections(json.loads(files[SECTIONS_PATH]))
    own = json.loads((OUT_DIR / "additions.json").read_text())
    for r in own["rules"]:
        fields = {k: v for k, v in r.items() if k != "pattern"}
        rules.append({"source": OWN_TAG, "literal": r["pattern"], **fields, "patterns": [r["pattern"]]})
    by_name = {s["name"]: s for s in sections}
    for s in own["sections"]:
        # The project's entries win: medspaCy files 'PSH' under social history and 'HISTORY' under past history,
        # while in transcribed notes they head past surgical history and the present illness.
        by_name[s["name"]] = {"name": s["name"], "category": s["category"], "source": OWN_TAG}
    license_text = files[LICENSE_PATH].decode("utf-8")
    copyright_line = next(line for line in license_text.splitlines() if line.startswith("Copyright"))
    resource = {
        "format": 1,
        "sources": {
            SOURCE_TAG: {
                "package": f"{PACKAGE}=={VERSION} (PyPI source distribution)",
                "sha256": digest,
                "files": [PREFIX + RULES_PATH, PREFIX + SECTIONS_PATH],
                "license": f"MIT; {copyright_line}",
            },
            OWN_TAG: {"files": ["resources/context/additions.json"], "license": "the project's own"},
        },
        "rules": rules,
        "sections": sorted(by_name.values(), key=lambda s: s["name"]),
    }
    return resource, license_text


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sdist", type=Path)
    ap.add_argument("--check", action="store_true")
    args = ap.parse_args()
    resource, license_text = build(args.sdist)
    text = json.dumps(resource, indent=2, ensure_ascii=False) + "\n"
    out = OUT_DIR / "context_rules.json"
    lic = OUT_DIR / "LICENSE-medspacy"
    if args.check:
        same = out.read_text() == text and lic.read_text() == license_text
        print("up to date" if same else f"{out} differs from the build")
        raise SystemExit(0 if same else 1)
    out.write_text(text)
    lic.write_text(license_text)
    print(f"{out}: {len(resource['rules'])} rules, {len(resource['sections'])} section names")


if __name__ == "__main__":
    main()
