#!/usr/bin/env bash
# Checks the release setup without publishing anything: installs GoReleaser
# v2.13.0 when it is missing, runs `goreleaser check`, a snapshot build of
# every platform, and a snapshot release (archives and checksums, nothing
# published), then checks what each archive holds and that the version is
# linked in. Not part of scripts/test.sh or CI: it builds six binaries.
set -euo pipefail
cd "$(dirname "$0")/.."

want=v2.13.0
gobin=$(go env GOBIN)
[ -n "$gobin" ] || gobin=$(go env GOPATH)/bin
goreleaser=$(command -v goreleaser || echo "$gobin/goreleaser")
if ! "$goreleaser" --version 2>/dev/null | grep -q "GitVersion: *$want\$"; then
  echo "release-check: installing goreleaser $want" >&2
  go install "github.com/goreleaser/goreleaser/v2@$want"
  goreleaser=$gobin/goreleaser
fi

# build/ holds the generated man pages and completions; dist/ the output.
trap 'rm -rf build' EXIT

"$goreleaser" check
"$goreleaser" build --snapshot --clean
"$goreleaser" release --snapshot --clean --skip=publish

# Every archive holds the binary, README, LICENSE, the four completion
# scripts and the man pages; checksums.txt covers every archive.
python3 - <<'PY'
import glob, hashlib, os, sys, tarfile, zipfile

want = {"README.md", "LICENSE", "completions/templ.bash", "completions/_templ",
        "completions/templ.fish", "completions/templ.ps1", "man/templ.1", "man/templ-render.1"}
archives = sorted(glob.glob("dist/*.tar.gz") + glob.glob("dist/*.zip"))
if len(archives) != 6:
    sys.exit(f"release-check: {len(archives)} archives in dist/, want 6 (linux, darwin, windows x amd64, arm64)")
sums = dict(reversed(line.split()) for line in open("dist/checksums.txt"))
failed = False
for path in archives:
    if path.endswith(".zip"):
        names = set(zipfile.ZipFile(path).namelist())
        binary = "templ.exe"
    else:
        names = {m.name for m in tarfile.open(path).getmembers()}
        binary = "templ"
    missing = sorted((want | {binary}) - names)
    pages = sum(1 for n in names if n.startswith("man/"))
    digest = hashlib.sha256(open(path, "rb").read()).hexdigest()
    sum_ok = sums.get(os.path.basename(path)) == digest
    print(f"release-check: {os.path.basename(path)}: {len(names)} files, {pages} man pages, checksum {'ok' if sum_ok else 'WRONG'}"
          + (f", MISSING {' '.join(missing)}" if missing else ""))
    failed |= bool(missing) or not sum_ok
sys.exit(1 if failed else 0)
PY

# The version is linked in: the linux/amd64 binary reports the snapshot's.
bin=$(ls dist/templ_linux_amd64*/templ)
version=$(sed -n 's/.*"version":"\([^"]*\)".*/\1/p' dist/metadata.json)
got=$("$bin" --version)
if [ "$got" != "templ version $version" ]; then
  echo "release-check: $bin --version says \"$got\", want \"templ version $version\"" >&2
  exit 1
fi
echo "release-check: $bin --version: $got"
echo "release-check: ok"
