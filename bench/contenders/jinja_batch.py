"""Render the benchmark email once per CSV record with Jinja2, as JSON Lines.

Usage: jinja_batch.py TEMPLATE_DIR customers.csv
Each line has the fields of `templ render -f jsonl`, with the variables in
name order, as Go writes a map.
"""
import csv
import json
import sys

import jinja2


def main():
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(sys.argv[1]),
        keep_trailing_newline=True,
    )
    subject = env.get_template("subject.j2")
    body = env.get_template("body.j2")
    out = sys.stdout
    with open(sys.argv[2], newline="", encoding="utf-8") as data:
        for row in csv.DictReader(data):
            email = {
                "id": "bench-email",
                "lang": "en",
                "subject": subject.render(row),
                "body": body.render(row),
                "vars": dict(sorted(row.items())),
            }
            out.write(json.dumps(email, ensure_ascii=False, separators=(",", ":")))
            out.write("\n")


main()
