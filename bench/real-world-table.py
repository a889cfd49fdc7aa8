#!/usr/bin/env python3
"""Writes the table of bench/REAL-WORLD.md from a real-world run: the summary a run left
(`summary.tsv`: repo, commit, files, findings, seconds, …) and the triage verdicts
(`verdicts.tsv`: repo, path:line, rule, TRUE/FALSE, reason), both kept outside the repository
with the fetched trees. Usage: real-world-table.py SUMMARY.tsv VERDICTS.tsv RUN-OUTPUT-DIR"""
import collections, json, os, sys

summary, verdicts, outdir = sys.argv[1:4]
verdict = {}
for line in open(verdicts):
    parts = line.rstrip("\n").split("\t")
    if len(parts) >= 4:
        verdict[(parts[0], parts[1], parts[2])] = parts[3]
rows, tot = [], collections.Counter()
for line in list(open(summary))[1:]:
    repo, commit, files, n, secs = line.split("\t")[:5]
    repo = repo.replace("/", "+")  # (a run names repositories owner/name or owner+name)
    d = json.load(open(os.path.join(outdir, repo + ".json")))
    t = f = u = 0
    for x in d["findings"]:
        # the path inside the repository, whether the run named trees relatively or absolutely
        path = x["file"].split(repo + "/", 1)[1] if repo + "/" in x["file"] else x["file"]
        v = verdict.get((repo, f"{path}:{x['line']}", x["rule"]))
        if v == "TRUE":
            t += 1
        elif v == "FALSE":
            f += 1
        else:
            u += 1
    rows.append((repo.replace("+", "/"), commit, int(files), int(n), t, f, u, float(secs)))
    tot.update(files=int(files), n=int(n), t=t, f=f, u=u)
    tot["secs"] += float(secs)
print("| repository | commit | files | findings | true | false | untriaged | seconds |")
print("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |")
for r in sorted(rows, key=lambda r: r[0].lower()):
    print(f"| {r[0]} | {r[1]} | {r[2]} | {r[3]} | {r[4]} | {r[5]} | {r[6]} | {r[7]:.3f} |")
print(f"| **{len(rows)} repositories** | | {tot['files']} | {tot['n']} | {tot['t']} | {tot['f']} | {tot['u']} | {tot['secs']:.2f} |")
