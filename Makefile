# SPDX-License-Identifier: GPL-2.0-or-later
# Thin wrapper around meson/ninja; see README.md.

BUILD := build
NINJA := ninja
MESON := meson
# Parallel meson test jobs; the CI machine has 2 cores.
TEST_JOBS ?= $(shell nproc 2>/dev/null || echo 2)

.PHONY: all deps peer-deps check check-unit check-slow demo install clean \
        distclean

all: deps $(BUILD)/build.ninja
	$(NINJA) -C $(BUILD)

# Every build first checks the Debian packages (a quick dpkg query):
# missing ones are installed when we are root; otherwise install-deps.sh
# prints the one apt-get line to run and we stop.
deps:
	@scripts/install-deps.sh

# The tests also want Debian's QEMU as a peer (installed when root; as
# another user its absence is only noted and those tests skip).
peer-deps:
	@scripts/install-deps.sh --peer

$(BUILD)/build.ninja: | deps
	./configure

check: all peer-deps
	$(MESON) test -C $(BUILD) --print-errorlogs --num-processes $(TEST_JOBS) \
	    --no-suite slow

check-unit: all
	$(MESON) test -C $(BUILD) --print-errorlogs --num-processes $(TEST_JOBS) \
	    --suite unit

check-slow: all
	$(MESON) test -C $(BUILD) --print-errorlogs --num-processes $(TEST_JOBS) \
	    --suite slow

# The live migration demo: two of our processes (-M none, 1 GiB of RAM
# on /dev/shm), migrated over tcp with a live progress line, the
# destination RAM compared with the source, and a summary.
demo: all
	python3 scripts/migration-demo.py --binary $(BUILD)/qemu-system-x86_64

install: all
	$(MESON) install -C $(BUILD)

clean:
	@if [ -f $(BUILD)/build.ninja ]; then $(NINJA) -C $(BUILD) clean; fi

distclean:
	rm -rf $(BUILD)
