#!/usr/bin/env sh
# Usage: ensure-debian-package.sh COMMAND PACKAGE...
# Install the Debian PACKAGEs when COMMAND is not on PATH; `make test` uses it for the Java
# runtime (HermiT and the OWL API's OWL 2 DL profile checker) and for Chromium (the
# documentation-site browser tests). Idempotent: nothing happens when COMMAND exists. Never
# fails the test run: where nothing can be installed (no apt-get, not root, no network), the
# tests that need COMMAND skip and say why.
set -u
command_name=$1
shift
if command -v "$command_name" >/dev/null 2>&1; then
    exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
    echo "ensure: apt-get not found; the tests that need $command_name will be skipped" >&2
    exit 0
fi
SUDO=""
if [ "$(id -u)" != "0" ]; then
    if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
        SUDO="sudo -n"
    else
        echo "ensure: not root and no passwordless sudo; the tests that need $command_name will be skipped" >&2
        exit 0
    fi
fi
echo "ensure: installing Debian package(s) $* for $command_name" >&2
export DEBIAN_FRONTEND=noninteractive
if ! $SUDO apt-get install -y -q --no-install-recommends "$@" >/dev/null 2>&1; then
    $SUDO apt-get update -q >/dev/null 2>&1 || true
    $SUDO apt-get install -y -q --no-install-recommends "$@" >/dev/null 2>&1 \
        || echo "ensure: could not install $*; the tests that need $command_name will be skipped" >&2
fi
exit 0
