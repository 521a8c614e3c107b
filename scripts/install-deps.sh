#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Install the Debian packages the tree needs to build and test; idempotent.
#
#   scripts/install-deps.sh          install what is missing (needs root)
#   scripts/install-deps.sh --check  exit 1 and print the apt-get line if
#                                    anything is missing, install nothing
#   --fuzz (with either form)        also clang and libFuzzer, for
#                                    ./configure --enable-fuzz
#   --peer (with either form)        also Debian's QEMU (qemu-system-x86),
#                                    the real peer of the interop and
#                                    shared-behaviour tests.  Optional: as
#                                    non-root a missing peer only prints a
#                                    note (those tests skip and say why).
set -eu

PACKAGES="build-essential meson ninja-build pkg-config python3
libglib2.0-dev libgnutls28-dev zlib1g-dev libzstd-dev"

PEER_PACKAGES=""

check=false
for arg in "$@"; do
    case "$arg" in
    --check) check=true ;;
    --fuzz) PACKAGES="$PACKAGES clang libclang-rt-14-dev" ;;
    --peer) PEER_PACKAGES="qemu-system-x86" ;;
    esac
done

is_installed() {
    dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "ok installed"
}

if [ "$(id -u)" != 0 ] || [ "$check" = true ]; then
    for p in $PEER_PACKAGES; do
        if ! is_installed "$p"; then
            echo "note: $p is not installed; the tests against a real" \
                 "QEMU will skip (apt-get install -y $p as root)" >&2
        fi
    done
else
    PACKAGES="$PACKAGES $PEER_PACKAGES"
fi

missing=""
for p in $PACKAGES; do
    if ! is_installed "$p"; then
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
