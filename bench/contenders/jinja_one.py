"""Render the benchmark email once with Jinja2, as `templ render` does.

Usage: jinja_one.py TEMPLATE_DIR Name=Ivan 'Product=Acme Cloud' ...
TEMPLATE_DIR holds subject.j2 and body.j2, which bench/harness derives from
the same copy as bench/testdata/bench-email.yaml.
"""
import sys

import jinja2


def main():
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(sys.argv[1]),
        keep_trailing_newline=True,  # the body ends with a newline, as in templ
    )
    values = dict(arg.split("=", 1) for arg in sys.argv[2:])
    subject = env.get_template("subject.j2").render(values)
    body = env.get_template("body.j2").render(values)
    sys.stdout.write("Subject: " + subject + "\n\n" + body)


main()
