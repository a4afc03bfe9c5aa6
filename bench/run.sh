#!/bin/sh
# Benchmarks templ against a Go floor and other template engines, whole
# processes only, and writes docs/benchmarks.md. Run from anywhere:
#
#   bench/run.sh                      # everything, 10 to 20 minutes
#   bench/run.sh -only cold -out -    # one workload, report to stdout
#
# Flags go to the harness (cd bench && go run ./harness -help lists them). Nothing
# is installed: contenders whose Debian package is missing are skipped, and
# the report says so.
set -eu

cd "$(dirname "$0")/.."
work=$(mktemp -d "${TMPDIR:-/tmp}/templ-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM
mkdir "$work/bin" "$work/data"

echo "bench/run.sh: building into $work/bin" >&2
# templ and the floors are built as a release is (.goreleaser.yaml): a
# static binary, no cgo. (A cgo build links libc dynamically, because pflag
# imports net, and that costs every start about a millisecond.)
release_build() { CGO_ENABLED=0 go build -trimpath -ldflags "-s -w" "$@"; }
release_build -o "$work/bin/templ" ./cmd/templ
# bench/ is a module of its own (bench/go.mod), so its programs build from there.
for floor in hello cobrahello replacer; do
	(cd bench && release_build -o "$work/bin/$floor" "./floor/$floor")
done
# The cobra floor with one group of templ's libraries linked (deps_*.go),
# then with all of them (the libraries floor).
for tag in tls mail pick yaml deps; do
	(cd bench && release_build -tags "$tag" -o "$work/bin/cobra$tag" ./floor/cobrahello)
done
(cd bench && go build -o "$work/bin/harness" ./harness)

missing=""
command -v envsubst >/dev/null 2>&1 || missing="$missing gettext-base"
/usr/bin/python3 -c 'import jinja2' >/dev/null 2>&1 || missing="$missing python3-jinja2"
/usr/bin/ruby -e 'require "mustache"' >/dev/null 2>&1 || missing="$missing ruby-mustache"
if [ -n "$missing" ]; then
	echo "bench/run.sh: missing Debian packages:$missing; their contenders are skipped." >&2
	echo "bench/run.sh: to include them: sudo apt-get install$missing" >&2
fi

out=docs/benchmarks.md
"$work/bin/harness" -bin "$work/bin" -data "$work/data" -out "$out" \
	-missing "$(echo $missing | tr ' ' ',')" "$@"
echo "bench/run.sh: done" >&2
