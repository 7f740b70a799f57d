#!/usr/bin/env sh
# Install Debian's default-jre-headless when `java` is missing: the OWL tests run the HermiT
# reasoner (owlready2) and the OWL API's OWL 2 DL profile checker (JPype), both Java.
# Idempotent: does nothing if java is already on PATH. Never fails the test run: without
# Java those tests skip with a reason.
set -u
if command -v java >/dev/null 2>&1; then
    exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
    echo "ensure-java: apt-get not found; the OWL reasoner tests will be skipped" >&2
    exit 0
fi
SUDO=""
if [ "$(id -u)" != "0" ]; then
    if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
        SUDO="sudo -n"
    else
        echo "ensure-java: not root and no passwordless sudo; the OWL reasoner tests will be skipped" >&2
        exit 0
    fi
fi
echo "ensure-java: installing Debian package default-jre-headless" >&2
export DEBIAN_FRONTEND=noninteractive
if ! $SUDO apt-get install -y -q --no-install-recommends default-jre-headless >/dev/null 2>&1; then
    $SUDO apt-get update -q >/dev/null 2>&1 || true
    $SUDO apt-get install -y -q --no-install-recommends default-jre-headless >/dev/null 2>&1 \
        || echo "ensure-java: could not install default-jre-headless; the OWL reasoner tests will be skipped" >&2
fi
exit 0
