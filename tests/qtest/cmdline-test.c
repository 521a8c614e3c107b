/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The command line, end to end: error texts on stderr and exit status 1
 * for bad options, -M help, and a clean exit (status 0) on SIGTERM.
 * Texts that changed since QEMU 7.2 are spelled out per version.
 */
#include "qemu/osdep.h"
#include <sys/wait.h>
#include "libqtest.h"

static void run_expect(const char *args, int status, const char *err_text)
{
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;
    int ws = qtest_run_qemu(args, &out, &err);

    if (!WIFEXITED(ws)) {
        g_error("'%s' did not exit normally (status 0x%x)", args, ws);
    }
    g_assert_cmpint(WEXITSTATUS(ws), ==, status);
    if (err_text) {
        g_assert_cmpstr(err, ==, err_text);
    }
}

static void test_invalid_option(void)
{
    run_expect("-foo", 1, "qemu-system-x86_64: -foo: invalid option\n");
    run_expect("-display none -nosuchoption 1", 1,
               "qemu-system-x86_64: -nosuchoption: invalid option\n");
}

static void test_bad_memory_size(void)
{
    run_expect("-display none -M none -m foo", 1,
               "qemu-system-x86_64: -m foo: Parameter 'size' expects a "
               "non-negative number below 2^64\n"
               "Optional suffix k, M, G, T, P or E means kilo-, mega-, "
               "giga-, tera-, peta-\n"
               "and exabytes, respectively.\n");
}

static void test_unknown_machine(void)
{
    /* Newer QEMU quotes the name; 7.2 does not. */
    run_expect("-display none -M nosuchmachine", 1,
               qtest_peer_at_least(10, 0)
               ? "qemu-system-x86_64: unsupported machine type: "
                 "\"nosuchmachine\"\n"
                 "Use -machine help to list supported machines\n"
               : "qemu-system-x86_64: unsupported machine type\n"
                 "Use -machine help to list supported machines\n");
}

static void test_machine_help(void)
{
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;
    g_autofree char *alias = NULL;
    g_autofree char *name = NULL;
    int major, minor, micro;
    int ws = qtest_run_qemu("-M help", &out, &err);

    g_assert_true(WIFEXITED(ws));
    g_assert_cmpint(WEXITSTATUS(ws), ==, 0);
    g_assert_true(g_str_has_prefix(out, "Supported machines are:\n"));
    /* pc is the alias of the newest i440fx machine, the default. */
    qtest_peer_version(&major, &minor, &micro);
    name = g_strdup_printf("pc-i440fx-%d.%d", major, minor);
    /* "%-20s %s" per machine, the alias first */
    alias = g_strdup_printf("\n%-20s Standard PC (i440FX + PIIX, 1996) "
                            "(alias of %s)\n%-20s Standard PC (i440FX + "
                            "PIIX, 1996) (default)\n", "pc", name, name);
    g_assert_nonnull(strstr(out, alias));
    g_assert_nonnull(strstr(out, "\nnone "));
    g_assert_nonnull(strstr(out, "\nq35 "));
}

static void test_bad_accel(void)
{
    run_expect("-display none -M none -accel nosuch", 1,
               "qemu-system-x86_64: -accel nosuch: invalid accelerator "
               "nosuch\n");
}

/* Our tree has no TCG: asking for it fails the way QEMU's builds do. */
static void test_no_tcg(void)
{
    run_expect("-display none -M none -accel tcg", 1,
               "qemu-system-x86_64: -accel tcg: invalid accelerator tcg\n");
}

static void test_sigterm(void)
{
    QTestState *s = qtest_init(qtest_peer_at_least(10, 0) ? "-M none"
                                                          : "-M none -S");
    int ws;

    qtest_qmp_assert_success(s, "{'execute': 'query-status'}");
    qtest_kill(s, SIGTERM);
    ws = qtest_wait_qemu(s);
    g_assert_true(WIFEXITED(ws));
    g_assert_cmpint(WEXITSTATUS(ws), ==, 0);
    qtest_quit(s);
}

int main(int argc, char **argv)
{
    qtest_qemu_binary();
    g_test_init(&argc, &argv, NULL);

    g_test_add_func("/cmdline/invalid-option", test_invalid_option);
    g_test_add_func("/cmdline/memory/bad-size", test_bad_memory_size);
    g_test_add_func("/cmdline/machine/unknown", test_unknown_machine);
    g_test_add_func("/cmdline/machine/help", test_machine_help);
    g_test_add_func("/cmdline/accel/unknown", test_bad_accel);
    qtest_add_func_since("/cmdline/accel/no-tcg", 10, 0, test_no_tcg);
    g_test_add_func("/cmdline/sigterm", test_sigterm);
    return g_test_run();
}
