#!/usr/bin/env sh
# Install Debian's chromium for the documentation-site browser tests, when missing.
# Idempotent: does nothing if chromium is already on PATH. Never fails the test run: if the
# package cannot be installed (no root, no network) the browser tests skip with a reason.
set -u
for name in chromium chromium-browser; do
    if command -v "$name" >/dev/null 2>&1; then
        exit 0
    fi
done
if ! command -v apt-get >/dev/null 2>&1; then
    echo "ensure-chromium: apt-get not found; browser tests will be skipped" >&2
    exit 0
fi
SUDO=""
if [ "$(id -u)" != "0" ]; then
    if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
        SUDO="sudo -n"
    else
        echo "ensure-chromium: not root and no passwordless sudo; browser tests will be skipped" >&2
        exit 0
    fi
fi
echo "ensure-chromium: installing Debian package chromium" >&2
export DEBIAN_FRONTEND=noninteractive
if ! $SUDO apt-get install -y -q --no-install-recommends chromium fonts-dejavu-core >/dev/null 2>&1; then
    $SUDO apt-get update -q >/dev/null 2>&1 || true
    $SUDO apt-get install -y -q --no-install-recommends chromium fonts-dejavu-core >/dev/null 2>&1 \
        || echo "ensure-chromium: could not install chromium; browser tests will be skipped" >&2
fi
exit 0
