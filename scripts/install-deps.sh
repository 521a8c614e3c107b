#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Install the Debian packages the tree needs to build and test; idempotent.
#
#   scripts/install-deps.sh          install what is missing (needs root)
#   scripts/install-deps.sh --check  exit 1 and print the apt-get line if
#                                    anything is missing, install nothing
#   --fuzz (with either form)        also clang and libFuzzer, for
#                                    ./configure --enable-fuzz
set -eu

PACKAGES="build-essential meson ninja-build pkg-config python3
libglib2.0-dev libgnutls28-dev zlib1g-dev libzstd-dev"

check=false
for arg in "$@"; do
    case "$arg" in
    --check) check=true ;;
    --fuzz) PACKAGES="$PACKAGES clang libclang-rt-14-dev" ;;
    esac
done

missing=""
for p in $PACKAGES; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed"; then
        missing="$missing $p"
    fi
done

if [ -z "$missing" ]; then
    exit 0
fi

if [ "$check" = true ] || [ "$(id -u)" != 0 ]; then
    echo "Missing packages. Install them with:" >&2
    echo "  apt-get install -y$missing" >&2
    exit 1
fi

echo "Installing:$missing"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q || true
# shellcheck disable=SC2086
apt-get install -y -q --no-install-recommends $missing
