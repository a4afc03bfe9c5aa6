#!/usr/bin/env bash
# Runs every test of templ, after setting up what the tests need on this
# machine: an X server, xclip and xsel for the clipboard tests, a real mail reader
# (mblaze) for the eml round trip, msmtp for --exec, Python for mbox, tmux
# for the picker's terminal tests, tidy for the HTML parts, Debian's aiosmtpd
# for --send.
# Installs them with apt-get when it can (root, or sudo without a password);
# otherwise says what is missing, and the tests that need it fail.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(xvfb xclip xsel mblaze msmtp python3 tmux tidy python3-aiosmtpd)
need=()
command -v Xvfb >/dev/null || need+=(xvfb)
command -v xclip >/dev/null || need+=(xclip)
command -v xsel >/dev/null || need+=(xsel)
command -v mshow >/dev/null || need+=(mblaze)
command -v msmtp >/dev/null || need+=(msmtp)
command -v python3 >/dev/null || need+=(python3)
command -v tmux >/dev/null || need+=(tmux)
command -v tidy >/dev/null || need+=(tidy)
/usr/bin/python3 -c 'import aiosmtpd' 2>/dev/null || need+=(python3-aiosmtpd)
if ((${#need[@]})); then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo -n"
  echo "scripts/test.sh: installing ${need[*]}" >&2
  if ! { $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null; }; then
    echo "scripts/test.sh: could not install ${need[*]}; install them (apt-get install ${packages[*]}) and run again" >&2
    exit 1
  fi
fi

# The clipboard and mail-reader tests must run, not skip, here.
export TEMPL_REQUIRE_X=1 TEMPL_REQUIRE_TOOLS=1

unformatted=$(gofmt -l $(git ls-files '*.go' 2>/dev/null || find . -name '*.go'))
if [ -n "$unformatted" ]; then
  echo "scripts/test.sh: gofmt -l lists:" $unformatted >&2
  exit 1
fi
go vet ./...
go test -race -count=1 ./...
# pkg/data's memory and huge-value tests are built without -race only
# (//go:build !race in big_test.go): the detector's shadow memory would be
# measured too, and it made them take over two minutes.
go test -count=1 -run 'Memory|Huge' ./pkg/data
# bench/ is its own module: its harness and floors have tests of their own.
(cd bench && go vet ./... && go test -count=1 ./...)
