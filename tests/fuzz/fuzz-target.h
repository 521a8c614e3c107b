/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What every fuzz target defines, and the check it uses for invariants. */
#ifndef TESTS_FUZZ_FUZZ_TARGET_H
#define TESTS_FUZZ_FUZZ_TARGET_H

/*
 * Run the target over one input.  Called by libFuzzer (-Dfuzz=true) or
 * by standalone-main.c (the "-replay" tests); always returns 0.
 */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/*
 * A broken invariant.  abort() rather than assert() so that it fires
 * whatever NDEBUG says, and so libFuzzer saves the input as a crash.
 */
#define FUZZ_CHECK(cond)                                                      \
    do {                                                                      \
        if (!(cond)) {                                                        \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__,  \
                    #cond);                                                   \
            abort();                                                          \
        }                                                                     \
    } while (0)

#endif /* TESTS_FUZZ_FUZZ_TARGET_H */
