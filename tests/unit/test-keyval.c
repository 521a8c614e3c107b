/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests for the option-string parser (keyval_parse, -global splitting). */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qobject/qdict.h"
#include "qemu/keyval.h"

static void check_err(const char *params, const char *implied,
                      unsigned flags, const char *expected)
{
    Error *err = NULL;
    QDict *d = keyval_parse(params, implied, flags, &err);

    g_assert_null(d);
    g_assert_nonnull(err);
    g_assert_cmpstr(error_get_pretty(err), ==, expected);
    error_free(err);
}

static void test_keyval_plain(void)
{
    g_autoptr(QDict) d = keyval_parse("a=1,b-c=two,_x.y=", NULL, 0,
                                      &error_abort);

    g_assert_cmpuint(qdict_size(d), ==, 3);
    g_assert_cmpstr(qdict_get_str(d, "a"), ==, "1");
    g_assert_cmpstr(qdict_get_str(d, "b-c"), ==, "two");
    g_assert_cmpstr(qdict_get_str(d, "_x.y"), ==, "");

    qobject_unref(d);
    d = keyval_parse("", NULL, 0, &error_abort);
    g_assert_cmpuint(qdict_size(d), ==, 0);

    /* the last of repeated keys wins */
    qobject_unref(d);
    d = keyval_parse("a=1,a=2", NULL, 0, &error_abort);
    g_assert_cmpuint(qdict_size(d), ==, 1);
    g_assert_cmpstr(qdict_get_str(d, "a"), ==, "2");
}

static void test_keyval_escape(void)
{
    g_autoptr(QDict) d = keyval_parse("path=/a,,b,,,,c,x=y,,", NULL, 0,
                                      &error_abort);

    g_assert_cmpstr(qdict_get_str(d, "path"), ==, "/a,b,,c");
    g_assert_cmpstr(qdict_get_str(d, "x"), ==, "y,");

    qobject_unref(d);
    d = keyval_parse("a,,b,c=d", "type", 0, &error_abort);
    g_assert_cmpstr(qdict_get_str(d, "type"), ==, "a,b");
    g_assert_cmpstr(qdict_get_str(d, "c"), ==, "d");

    qobject_unref(d);
    d = keyval_parse(",,lead", "type", 0, &error_abort);
    g_assert_cmpstr(qdict_get_str(d, "type"), ==, ",lead");
}

static void test_keyval_trailing_comma(void)
{
    g_autoptr(QDict) d = keyval_parse("q35,", "type", 0, &error_abort);

    g_assert_cmpuint(qdict_size(d), ==, 1);
    g_assert_cmpstr(qdict_get_str(d, "type"), ==, "q35");

    qobject_unref(d);
    d = keyval_parse("a=1,", NULL, 0, &error_abort);
    g_assert_cmpuint(qdict_size(d), ==, 1);
    g_assert_cmpstr(qdict_get_str(d, "a"), ==, "1");
}

static void test_keyval_implied(void)
{
    g_autoptr(QDict) d = keyval_parse("q35,accel=kvm", "type", 0,
                                      &error_abort);

    g_assert_cmpuint(qdict_size(d), ==, 2);
    g_assert_cmpstr(qdict_get_str(d, "type"), ==, "q35");
    g_assert_cmpstr(qdict_get_str(d, "accel"), ==, "kvm");

    /* an explicit first item is not the implied key */
    qobject_unref(d);
    d = keyval_parse("accel=tcg", "type", 0, &error_abort);
    g_assert_false(qdict_haskey(d, "type"));
    g_assert_cmpstr(qdict_get_str(d, "accel"), ==, "tcg");

    /* only the first item may be implied */
    check_err("q35,usb", "type", 0, "Expected '=' after parameter 'usb'");
}

static void test_keyval_bare(void)
{
    g_autoptr(QDict) d = keyval_parse("q35,usb,dump-guest-core=off", "type",
                                      KEYVAL_BARE_ON, &error_abort);

    g_assert_cmpstr(qdict_get_str(d, "type"), ==, "q35");
    g_assert_cmpstr(qdict_get_str(d, "usb"), ==, "on");
    g_assert_cmpstr(qdict_get_str(d, "dump-guest-core"), ==, "off");

    qobject_unref(d);
    d = keyval_parse("a,b=1", NULL, KEYVAL_BARE_ON, &error_abort);
    g_assert_cmpstr(qdict_get_str(d, "a"), ==, "on");
    g_assert_cmpstr(qdict_get_str(d, "b"), ==, "1");
}

static void test_keyval_errors(void)
{
    g_autofree char *longkey = g_strnfill(128, 'k');
    g_autofree char *longparam = g_strdup_printf("%s=1", longkey);
    g_autofree char *longmsg = g_strdup_printf("Parameter '%s' is too long",
                                               longkey);
    g_autofree char *okkey = g_strnfill(127, 'k');
    g_autofree char *okparam = g_strdup_printf("%s=1", okkey);
    QDict *d;

    check_err("a", NULL, 0, "Expected '=' after parameter 'a'");
    check_err("a=1,b", NULL, 0, "Expected '=' after parameter 'b'");
    check_err(",a=1", NULL, 0, "Expected parameter before ','");
    check_err("a=1,,,b", NULL, 0, "Expected '=' after parameter 'b'");
    check_err("=1", NULL, 0, "Expected parameter before '='");
    check_err("=1", "type", 0, "Expected parameter before '='");
    check_err("a b=1", NULL, 0, "Invalid parameter 'a b'");
    check_err("-a=1", NULL, 0, "Invalid parameter '-a'");
    check_err("a=1,x!=2", NULL, 0, "Invalid parameter 'x!'");
    check_err(longparam, NULL, 0, longmsg);
    d = keyval_parse(okparam, NULL, 0, &error_abort);
    qobject_unref(d);
}

static void check_global(const char *str, const char *driver,
                         const char *property, const char *value)
{
    g_autofree char *d = NULL;
    g_autofree char *p = NULL;
    g_autofree char *v = NULL;

    g_assert_true(keyval_split_global(str, &d, &p, &v, &error_abort));
    g_assert_cmpstr(d, ==, driver);
    g_assert_cmpstr(p, ==, property);
    g_assert_cmpstr(v, ==, value);
}

static void check_global_err(const char *str, const char *expected)
{
    char *d, *p, *v;
    Error *err = NULL;

    g_assert_false(keyval_split_global(str, &d, &p, &v, &err));
    g_assert_null(d);
    g_assert_cmpstr(error_get_pretty(err), ==, expected);
    error_free(err);
}

static void test_keyval_global(void)
{
    check_global("migration.x-max-bandwidth=1G", "migration",
                 "x-max-bandwidth", "1G");
    check_global("migration.tls-creds=", "migration", "tls-creds", "");
    check_global("drv.a.b=c=d", "drv", "a.b", "c=d");
    check_global("driver=migration,property=mode,value=cpr-reboot",
                 "migration", "mode", "cpr-reboot");

    check_global_err("migration.foo",
                     "expected 'driver.property=value', got "
                     "'migration.foo'");
    check_global_err("migration", "expected 'driver.property=value', got "
                     "'migration'");
    check_global_err(".foo=1", "expected 'driver.property=value', got "
                     "'.foo=1'");
    check_global_err("migration.=1", "expected 'driver.property=value', got "
                     "'migration.=1'");
    check_global_err("driver=migration,property=mode",
                     "Parameter 'value' is missing");
    check_global_err("driver=migration,prop=mode,value=1",
                     "Invalid parameter 'prop'");
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/keyval/parse/plain", test_keyval_plain);
    g_test_add_func("/keyval/parse/escape", test_keyval_escape);
    g_test_add_func("/keyval/parse/trailing-comma",
                    test_keyval_trailing_comma);
    g_test_add_func("/keyval/parse/implied", test_keyval_implied);
    g_test_add_func("/keyval/parse/bare", test_keyval_bare);
    g_test_add_func("/keyval/parse/errors", test_keyval_errors);
    g_test_add_func("/keyval/global/split", test_keyval_global);
    return g_test_run();
}
