#!/usr/bin/env python3
"""Check the clinical development set in tests/fixtures/clinical-devset/ and print its counts.

Usage:
    python tests/tools/check_clinical_devset.py [--dir tests/fixtures/clinical-devset]
                                                [--mtsamples DIR] [--json]

Always checked (no data needed):
  * queries.jsonl: unique qids, known kinds, split is "dev" or "heldout", every field present;
  * judgments.jsonl: one judgment per (qid, docid), grade 0-3, a non-empty reason,
    trap only on grade 0, "sameTextAs" copies carry the same grade as the note they copy;
  * qrels.tsv: `qid 0 docid grade`, exactly the same (qid, docid, grade) set as judgments.jsonl;
  * every query has at least one positive (grade >= 1); every negated_finding and
    family_history query has at least one trap;
  * queries that declare sharesJudgmentsWith have the same qrels as the query they share with.

With the MTSamples JSONL (--mtsamples DIR, or the MTSAMPLES_DIR environment variable; DIR holds
mtsamples.part1.jsonl.gz and mtsamples.part2.jsonl.gz, optionally txt/mts_<note_id>.txt) it also checks
that every docid is a row of the corpus (0-based row index over part1 then part2), that noteId matches
that row's note_id, that txtFile is given exactly for the notes that have a .txt file, and that notes
marked sameTextAs really have the same transcription. Without the data these checks are skipped and
the script says so.

Exit status 0 when everything checked passes, 1 otherwise. Standard library only.
"""
import argparse
import collections
import gzip
import json
import os
import sys

KINDS = ["lay", "abbreviation", "negated_finding", "family_history", "procedure_indication", "medication_indication"]
TRAP_KINDS = {"negated_finding", "family_history"}
PARTS = ["mtsamples.part1.jsonl.gz", "mtsamples.part2.jsonl.gz"]


def load_jsonl(path):
    out = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if line.strip():
                try:
                    out.append(json.loads(line))
                except json.JSONDecodeError as e:
                    raise SystemExit(f"{path}:{n}: bad JSON: {e}")
    return out


def load_corpus(d):
    rows = []
    for p in PARTS:
        with gzip.open(os.path.join(d, p), "rt", encoding="utf-8") as f:
            for line in f:
                if line.strip():
                    rows.append(json.loads(line))
    txt_dir = os.path.join(d, "txt")
    txt = set(os.listdir(txt_dir)) if os.path.isdir(txt_dir) else None
    return rows, txt


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--dir", default=os.path.join(here, "..", "fixtures", "clinical-devset"))
    ap.add_argument("--mtsamples", default=os.environ.get("MTSAMPLES_DIR"))
    ap.add_argument("--json", action="store_true", help="print the counts as JSON")
    a = ap.parse_args()

    errors = []
    err = errors.append
    queries = load_jsonl(os.path.join(a.dir, "queries.jsonl"))
    judgments = load_jsonl(os.path.join(a.dir, "judgments.jsonl"))

    # queries
    Q = {}
    for q in queries:
        for k in ("qid", "kind", "query", "intent", "split"):
            if not q.get(k):
                err(f"query {q.get('qid')}: missing {k}")
        if q.get("qid") in Q:
            err(f"duplicate qid {q['qid']}")
        if q.get("kind") not in KINDS:
            err(f"query {q.get('qid')}: unknown kind {q.get('kind')!r}")
        if q.get("split") not in ("dev", "heldout"):
            err(f"query {q.get('qid')}: split must be dev or heldout, not {q.get('split')!r}")
        Q[q.get("qid")] = q

    # judgments
    J = {}
    for j in judgments:
        key = (j.get("qid"), j.get("docid"))
        if key[0] not in Q:
            err(f"judgment for unknown qid {key[0]}")
        if not isinstance(key[1], int) or key[1] < 0:
            err(f"{key}: docid must be a non-negative integer")
        if key in J:
            err(f"{key}: judged twice")
        if j.get("grade") not in (0, 1, 2, 3):
            err(f"{key}: grade must be 0-3, not {j.get('grade')!r}")
        if not str(j.get("reason", "")).strip():
            err(f"{key}: empty reason")
        if j.get("trap") and j.get("grade") != 0:
            err(f"{key}: trap with grade {j.get('grade')}")
        J[key] = j
    for (qid, d), j in J.items():
        src = j.get("sameTextAs")
        if src is not None:
            other = J.get((qid, src))
            if other is None:
                err(f"{(qid, d)}: sameTextAs {src} is not judged for this query")
            elif other["grade"] != j["grade"]:
                err(f"{(qid, d)}: grade {j['grade']} differs from its sameTextAs {src} ({other['grade']})")

    # qrels
    R = {}
    with open(os.path.join(a.dir, "qrels.tsv"), encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            parts = line.split()
            if len(parts) != 4 or parts[1] != "0":
                err(f"qrels.tsv:{n}: expected 'qid 0 docid grade'")
                continue
            key = (parts[0], int(parts[2]))
            if key in R:
                err(f"qrels.tsv:{n}: {key} twice")
            R[key] = int(parts[3])
    Jg = {k: v["grade"] for k, v in J.items()}
    for k in set(R) | set(Jg):
        if R.get(k) != Jg.get(k):
            err(f"{k}: qrels grade {R.get(k)} vs judgments grade {Jg.get(k)}")

    # per-query requirements
    byq = collections.defaultdict(list)
    for (qid, d), j in J.items():
        byq[qid].append(j)
    for qid, q in Q.items():
        js = byq.get(qid, [])
        if not any(j["grade"] >= 1 for j in js):
            err(f"{qid}: no positive judgment")
        if q["kind"] in TRAP_KINDS and not any(j.get("trap") for j in js):
            err(f"{qid}: {q['kind']} query without a trap")
        other = q.get("sharesJudgmentsWith")
        if other:
            mine = {(j["docid"], j["grade"]) for j in js}
            theirs = {(j["docid"], j["grade"]) for j in byq.get(other, [])}
            if other not in Q:
                err(f"{qid}: sharesJudgmentsWith unknown qid {other}")
            elif not theirs <= mine:
                err(f"{qid}: does not contain all judgments of {other} it says it shares")

    # corpus checks
    corpus_note = "skipped (no --mtsamples DIR / MTSAMPLES_DIR)"
    if a.mtsamples:
        rows, txt = load_corpus(a.mtsamples)
        for (qid, d), j in J.items():
            if not 0 <= d < len(rows):
                err(f"{(qid, d)}: docid outside the corpus (0..{len(rows) - 1})")
                continue
            row = rows[d]
            if j.get("noteId") != row.get("note_id"):
                err(f"{(qid, d)}: noteId {j.get('noteId')} but row {d} has note_id {row.get('note_id')}")
            if not (row.get("transcription") or "").strip():
                err(f"{(qid, d)}: judged note has an empty transcription")
            if txt is not None:
                fn = f"mts_{int(row['note_id']):04d}.txt"
                want = fn if fn in txt else None
                if j.get("txtFile") != want:
                    err(f"{(qid, d)}: txtFile {j.get('txtFile')!r}, expected {want!r}")
            src = j.get("sameTextAs")
            if src is not None and 0 <= src < len(rows):
                if (rows[src].get("transcription") or "") != (row.get("transcription") or ""):
                    err(f"{(qid, d)}: sameTextAs {src} but the transcriptions differ")
        corpus_note = f"checked against {len(rows)} rows" + ("" if txt is not None else " (no txt/ folder)")

    # counts
    kinds = collections.Counter(q["kind"] for q in Q.values())
    splits = collections.Counter(q["split"] for q in Q.values())
    grades = collections.Counter(j["grade"] for j in J.values())
    uniq = [j for j in J.values() if j.get("sameTextAs") is None]
    ugrades = collections.Counter(j["grade"] for j in uniq)
    traps = sum(1 for j in J.values() if j.get("trap"))
    utraps = sum(1 for j in uniq if j.get("trap"))
    per_kind = {}
    for k in KINDS:
        qs = [qid for qid, q in Q.items() if q["kind"] == k]
        js = [j for qid in qs for j in byq.get(qid, []) if j.get("sameTextAs") is None]
        per_kind[k] = {
            "queries": len(qs),
            "heldout": sum(1 for qid in qs if Q[qid]["split"] == "heldout"),
            "judged_texts": len(js),
            "grade3": sum(j["grade"] == 3 for j in js),
            "grade2": sum(j["grade"] == 2 for j in js),
            "grade1": sum(j["grade"] == 1 for j in js),
            "grade0": sum(j["grade"] == 0 for j in js),
            "traps": sum(bool(j.get("trap")) for j in js),
        }
    counts = {
        "queries": len(Q),
        "kinds": dict(kinds),
        "splits": dict(splits),
        "judgments": len(J),
        "grades": {str(g): grades[g] for g in (3, 2, 1, 0)},
        "traps": traps,
        "distinct_texts_judged": len(uniq),
        "distinct_text_grades": {str(g): ugrades[g] for g in (3, 2, 1, 0)},
        "distinct_text_traps": utraps,
        "per_kind_distinct_texts": per_kind,
        "corpus": corpus_note,
        "errors": len(errors),
    }
    if a.json:
        print(json.dumps(counts, indent=2))
    else:
        print(f"queries: {len(Q)}  {dict(kinds)}")
        print(f"split:   {dict(splits)}")
        print(f"judgments (every docid): {len(J)}  grades 3/2/1/0 = "
              f"{grades[3]}/{grades[2]}/{grades[1]}/{grades[0]}  traps {traps}")
        print(f"distinct note texts judged: {len(uniq)}  grades 3/2/1/0 = "
              f"{ugrades[3]}/{ugrades[2]}/{ugrades[1]}/{ugrades[0]}  traps {utraps}")
        print("per kind (distinct texts): kind  queries heldout judged  g3 g2 g1 g0 traps")
        for k, c in per_kind.items():
            print(f"  {k:22s} {c['queries']:3d} {c['heldout']:3d} {c['judged_texts']:6d}  "
                  f"{c['grade3']:3d} {c['grade2']:3d} {c['grade1']:3d} {c['grade0']:4d} {c['traps']:4d}")
        print(f"corpus: {corpus_note}")
    for e in errors[:50]:
        print("ERROR:", e, file=sys.stderr)
    if len(errors) > 50:
        print(f"ERROR: ... and {len(errors) - 50} more", file=sys.stderr)
    print("OK" if not errors else f"FAILED: {len(errors)} problem(s)", file=sys.stderr)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
