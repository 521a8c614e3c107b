/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Unit tests of the QAPI generator and runtime, on the code generated
 * from tests/qapi-schema/qapi-schema-test.json: C types, conversions
 * (round trips and every input error text), string input, clone,
 * command dispatch, events and introspection.
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qapi/qmp-dispatch.h"
#include "qobject/qbool.h"
#include "qobject/qdict.h"
#include "qobject/qjson.h"
#include "qobject/qlist.h"
#include "qobject/qnull.h"
#include "qobject/qnum.h"
#include "qobject/qstring.h"
#include "test-qapi-commands.h"
#include "test-qapi-conv.h"
#include "test-qapi-events.h"
#include "test-qapi-init-commands.h"
#include "test-qapi-introspect.h"
#include "test-qapi-types.h"
#include "tests/qapi-schema/schema-lookup.h"

/* ---- helpers ------------------------------------------------------ */

static QObject *json(const char *text)
{
    return qobject_from_json(text, &error_abort);
}

static char *to_json(const QObject *obj)
{
    return g_string_free(qobject_to_json(obj), false);
}

/* Assert that @obj equals the JSON @expected (member order ignored). */
static void assert_json_equal(const QObject *obj, const char *expected)
{
    g_autoptr(QObject) want = json(expected);

    if (!qobject_is_equal(obj, want)) {
        g_autofree char *got = to_json(obj);

        g_test_message("got %s, expected %s", got, expected);
        g_assert_not_reached();
    }
}

static const char *const valid_struct =
    "{'base-str': 'b', 'i8': -8, 'u8': 8, 'i16': -16, 'u16': 16,"
    " 'i32': -32, 'u32': 32, 'i64': -64, 'u64': 64, 'sz': 4096,"
    " 'num': 1.5, 'flag': true, 'text': 't',"
    " 'enums': ['value-one', 'value-cond'], 'sub': {'name': 'n'}}";

/* ---- types -------------------------------------------------------- */

static void test_types_enum(void)
{
    Error *err = NULL;

    /* value-never is compiled out, value-cond (CONFIG_ZSTD) is in */
    g_assert_cmpint(TEST_ENUM__MAX, ==, 4);
    g_assert_cmpint(TEST_ENUM_VALUE_COND, ==, 3);
    g_assert_cmpint(TestEnum_lookup.size, ==, 4);
    g_assert_cmpstr(TestEnum_str(TEST_ENUM_VALUE_TWO), ==, "value-two");
    g_assert_cmpint(qapi_enum_find(&TestEnum_lookup, "value-never"), ==, -1);
    g_assert_cmpint(TestEnum_lookup.special_features[TEST_ENUM_VALUE_THREE],
                    ==, 1u << QAPI_DEPRECATED);
    g_assert_cmpint(TestEnum_lookup.special_features[TEST_ENUM_VALUE_ONE],
                    ==, 0);

    /* explicit prefix */
    g_assert_cmpint(TP_A_B, ==, 0);
    g_assert_cmpint(TP_C, ==, 1);
    g_assert_cmpint(TP__MAX, ==, 2);
    g_assert_cmpstr(TestPrefixed_str(TP_A_B), ==, "a-b");

    g_assert_cmpint(qapi_enum_parse(&TestPrefixed_lookup, "c", -1, &err),
                    ==, TP_C);
    g_assert_cmpint(qapi_enum_parse(&TestPrefixed_lookup, NULL, 7, &err),
                    ==, 7);
    g_assert_cmpint(qapi_enum_parse(&TestPrefixed_lookup, "x", -1, &err),
                    ==, -1);
    g_assert_cmpstr(error_get_pretty(err), ==, "invalid parameter value: x");
    error_free(err);
}

static void test_types_layout(void)
{
    /* these only compile if the C mapping is right */
    TestStruct s = {
        .base_str = (char *)"b",
        .has_base_flag = true,
        .has_opt_int = true,
        .opt_str = NULL,            /* optional pointer: no has_ flag */
        .has_opt_list = true,       /* optional list: has_ flag */
        .opt_list = NULL,
        .has_q_unix = true,         /* 'unix' is protected */
        .q_unix = true,
        .has_if_member = true,      /* CONFIG_ZSTD member */
        .has_prefixed = true,
        .prefixed = TP_C,
    };
    TestUnion u = { .kind = TEST_UNION_KIND_ONE, .has_common = true };
    TestOuter o = { .outer = TEST_OUTER_KIND_INNER };
    TestAlt a = { .type = QTYPE_QDICT };
    TestEnumList el = { .value = TEST_ENUM_VALUE_TWO };
    TestSubStructList sl = { .value = NULL };
    q_obj_test_cmd_arg args = { .has_u8 = true, .u8 = 1 };

    g_assert_cmpstr(qapi_TestStruct_base(&s)->base_str, ==, "b");
    u.u.one.one_int = 1;
    u.u.two.two_opt = 2;
    o.u.inner.kind = TEST_UNION_KIND_TWO;
    o.u.inner.u.one.one_int = 3;
    a.u.o.name = NULL;
    g_assert_true(el.next == NULL && sl.next == NULL && args.has_u8);
    g_assert_null(a.u.o.name);
    g_assert_cmpint(u.u.one.one_int, ==, 1);
    g_assert_cmpint(o.u.inner.u.one.one_int, ==, 3);
    g_assert_cmpint(sizeof(s.prefixed), ==, sizeof(int));
}

/* ---- conversions -------------------------------------------------- */

static TestStruct *make_struct(void)
{
    TestStruct *s = g_new0(TestStruct, 1);
    TestEnumList *e1 = g_new0(TestEnumList, 1);
    TestEnumList *e2 = g_new0(TestEnumList, 1);
    TestSubStructList *sl = g_new0(TestSubStructList, 1);
    intList *il = g_new0(intList, 1);

    s->base_str = g_strdup("base");
    s->has_base_flag = true;
    s->base_flag = false;
    s->i8 = INT8_MIN;
    s->u8 = UINT8_MAX;
    s->i16 = INT16_MIN;
    s->u16 = UINT16_MAX;
    s->i32 = INT32_MIN;
    s->u32 = UINT32_MAX;
    s->i64 = INT64_MIN;
    s->u64 = UINT64_MAX;
    s->sz = 1ULL << 40;
    s->num = 0.25;
    s->flag = true;
    s->text = g_strdup("quote \" and \\ and \xc3\xa9");
    e1->value = TEST_ENUM_VALUE_THREE;
    e1->next = e2;
    e2->value = TEST_ENUM_VALUE_COND;
    s->enums = e1;
    s->sub = g_new0(TestSubStruct, 1);
    s->sub->name = g_strdup("sub");
    s->sub->count = g_new0(TestSmallInt, 1);
    s->sub->count->type = QTYPE_QSTRING;
    s->sub->count->u.s = g_strdup("seven");
    s->has_opt_list = true;
    il->value = -1;
    s->opt_list = il;
    s->has_subs = true;
    sl->value = g_new0(TestSubStruct, 1);
    sl->value->name = g_strdup("in list");
    sl->value->count = g_new0(TestSmallInt, 1);
    sl->value->count->type = QTYPE_QNUM;
    sl->value->count->u.i = 42;
    s->subs = sl;
    s->any = json("{'deep': [1, 'two', null]}");
    s->has_q_unix = true;
    s->q_unix = false;
    s->has_if_member = true;
    s->if_member = 5;
    s->alt = g_new0(TestAlt, 1);
    s->alt->type = QTYPE_QDICT;
    s->alt->u.o.name = g_strdup("alt");
    s->str_or_null = g_new0(TestStrOrNull, 1);
    s->str_or_null->type = QTYPE_QNULL;
    s->str_or_null->u.n = qnull();
    s->has_prefixed = true;
    s->prefixed = TP_A_B;
    return s;
}

static void test_convert_roundtrip(void)
{
    g_autoptr(TestStruct) s = make_struct();
    g_autoptr(TestStruct) back = NULL;
    g_autoptr(QObject) out = qapi_to_qobject_TestStruct(s);
    g_autofree char *text = to_json(out);
    g_autoptr(QObject) parsed = json(text);
    g_autoptr(QObject) out2 = NULL;
    QDict *dict = qobject_to(QDict, out);

    /* wire names, and optional members only when present */
    g_assert_true(qdict_haskey(dict, "base-str"));
    g_assert_true(qdict_haskey(dict, "unix"));
    g_assert_true(qdict_haskey(dict, "if-member"));
    g_assert_false(qdict_haskey(dict, "opt-int"));
    g_assert_false(qdict_haskey(dict, "opt-str"));
    g_assert_false(qdict_haskey(dict, "dep-member"));
    g_assert_cmpstr(qdict_get_str(dict, "prefixed"), ==, "a-b");
    g_assert_cmpint(qdict_size(dict), ==, 24);

    g_assert_true(qapi_from_qobject_TestStruct(parsed, &back, &error_abort));
    g_assert_cmpint(back->i8, ==, INT8_MIN);
    g_assert_cmpint(back->u8, ==, UINT8_MAX);
    g_assert_cmpint(back->i64, ==, INT64_MIN);
    g_assert_true(back->u64 == UINT64_MAX);
    g_assert_true(back->sz == 1ULL << 40);
    g_assert_cmpfloat(back->num, ==, 0.25);
    g_assert_cmpstr(back->text, ==, s->text);
    g_assert_cmpint(back->enums->value, ==, TEST_ENUM_VALUE_THREE);
    g_assert_cmpint(back->enums->next->value, ==, TEST_ENUM_VALUE_COND);
    g_assert_null(back->enums->next->next);
    g_assert_cmpint(back->sub->count->type, ==, QTYPE_QSTRING);
    g_assert_cmpstr(back->sub->count->u.s, ==, "seven");
    g_assert_cmpint(back->subs->value->count->u.i, ==, 42);
    g_assert_true(back->has_opt_list);
    g_assert_cmpint(back->opt_list->value, ==, -1);
    g_assert_false(back->has_opt_int);
    g_assert_null(back->opt_str);
    g_assert_true(back->has_q_unix && !back->q_unix);
    g_assert_cmpint(back->alt->type, ==, QTYPE_QDICT);
    g_assert_cmpstr(back->alt->u.o.name, ==, "alt");
    g_assert_cmpint(back->str_or_null->type, ==, QTYPE_QNULL);
    g_assert_true(back->has_prefixed && back->prefixed == TP_A_B);
    g_assert_true(qobject_is_equal(back->any, s->any));

    /* and out again: the same JSON */
    out2 = qapi_to_qobject_TestStruct(back);
    g_assert_true(qobject_is_equal(out, out2));
}

static void test_convert_optional_empty_list(void)
{
    g_autoptr(QObject) in = NULL;
    g_autoptr(QObject) out = NULL;
    g_autoptr(TestStruct) s = NULL;
    QDict *dict;

    in = json(valid_struct);
    qdict_put_obj(qobject_to(QDict, in), "opt-list", json("[]"));
    g_assert_true(qapi_from_qobject_TestStruct(in, &s, &error_abort));
    /* present and empty is not absent */
    g_assert_true(s->has_opt_list);
    g_assert_null(s->opt_list);
    out = qapi_to_qobject_TestStruct(s);
    dict = qobject_to(QDict, out);
    g_assert_true(qdict_haskey(dict, "opt-list"));
    g_assert_true(qlist_empty(qdict_get_qlist(dict, "opt-list")));
    g_assert_false(qdict_haskey(dict, "str-or-null"));
}

static void test_convert_union(void)
{
    g_autoptr(TestUnion) u = NULL;
    g_autoptr(TestOuter) o = NULL;
    g_autoptr(QObject) in = NULL;
    g_autoptr(QObject) out = NULL;
    g_autoptr(QObject) out2 = NULL;

    in = json("{'kind': 'two', 'two-list': ['a', 'b'], 'two-opt': 3,"
              " 'common': 9}");
    g_assert_true(qapi_from_qobject_TestUnion(in, &u, &error_abort));
    g_assert_cmpint(u->kind, ==, TEST_UNION_KIND_TWO);
    g_assert_true(u->has_common && u->common == 9);
    g_assert_cmpstr(u->u.two.two_list->next->value, ==, "b");
    g_assert_true(u->u.two.has_two_opt && u->u.two.two_opt == 3);
    out = qapi_to_qobject_TestUnion(u);
    g_assert_true(qobject_is_equal(in, out));
    qapi_free_TestUnion(u);
    u = NULL;
    qobject_unref(in);
    qobject_unref(out);

    /* a branch without members */
    in = json("{'kind': 'three'}");
    g_assert_true(qapi_from_qobject_TestUnion(in, &u, &error_abort));
    out = qapi_to_qobject_TestUnion(u);
    assert_json_equal(out, "{'kind': 'three'}");
    qobject_unref(in);

    /* a union whose branch is a union: all members in one object */
    in = json("{'outer': 'inner', 'kind': 'one', 'one-int': 4}");
    g_assert_true(qapi_from_qobject_TestOuter(in, &o, &error_abort));
    g_assert_cmpint(o->outer, ==, TEST_OUTER_KIND_INNER);
    g_assert_cmpint(o->u.inner.kind, ==, TEST_UNION_KIND_ONE);
    g_assert_cmpint(o->u.inner.u.one.one_int, ==, 4);
    out2 = qapi_to_qobject_TestOuter(o);
    g_assert_true(qobject_is_equal(in, out2));
}

static void test_convert_alternate(void)
{
    static const struct {
        const char *json;
        QType type;
    } cases[] = {
        { "1.5", QTYPE_QNUM },
        { "2", QTYPE_QNUM },
        { "'value-two'", QTYPE_QSTRING },
        { "false", QTYPE_QBOOL },
        { "{'name': 'x', 'count': 3}", QTYPE_QDICT },
    };

    for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
        g_autoptr(QObject) in = json(cases[i].json);
        g_autoptr(QObject) out = NULL;
        g_autoptr(TestAlt) alt = NULL;
        g_autoptr(TestAlt) copy = NULL;
        g_autofree char *want = to_json(in);
        g_autofree char *got = NULL;

        g_assert_true(qapi_from_qobject_TestAlt(in, &alt, &error_abort));
        g_assert_cmpint(alt->type, ==, cases[i].type);
        copy = qapi_clone_TestAlt(alt);
        out = qapi_to_qobject_TestAlt(copy);
        /* text: an integer read as 'number' goes out as a double */
        got = to_json(out);
        g_assert_cmpstr(got, ==, want);
    }
}

/* Convert @json to @type and expect the error @msg. */
static void check_error(const QapiTypeInfo *type, QObject *in,
                        const char *msg)
{
    void *slot[4] = { NULL };   /* big enough for any slot */
    Error *err = NULL;

    g_assert_false(qapi_from_qobject(type, in, slot, &err));
    g_assert_nonnull(err);
    if (strcmp(error_get_pretty(err), msg)) {
        g_test_message("got '%s', expected '%s'", error_get_pretty(err), msg);
        g_assert_not_reached();
    }
    g_assert_null(slot[0]);
    error_free(err);
}

static void test_convert_errors(void)
{
    /* member to replace (NULL value: delete) -> expected error */
    static const struct {
        const char *key, *value, *msg;
    } cases[] = {
        { "base-str", NULL, "Parameter 'base-str' is missing" },
        { "sub", NULL, "Parameter 'sub' is missing" },
        { "bogus", "1", "Parameter 'bogus' is unexpected" },
        { "i8", "'x'", "Invalid parameter type for 'i8', expected: integer" },
        { "i8", "1.5", "Invalid parameter type for 'i8', expected: integer" },
        { "i8", "128", "Parameter 'i8' expects int8_t" },
        { "i16", "-32769", "Parameter 'i16' expects int16_t" },
        { "i32", "2147483648", "Parameter 'i32' expects int32_t" },
        { "i64", "9223372036854775808",
          "Invalid parameter type for 'i64', expected: integer" },
        { "u8", "256", "Parameter 'u8' expects uint8_t" },
        { "u8", "-1", "Parameter 'u8' expects uint8_t" },
        { "u16", "65536", "Parameter 'u16' expects uint16_t" },
        { "u32", "4294967296", "Parameter 'u32' expects uint32_t" },
        { "u32", "'1'", "Parameter 'u32' expects uint64" },
        { "u64", "'x'", "Parameter 'u64' expects uint64" },
        { "u64", "0.5", "Parameter 'u64' expects uint64" },
        { "sz", "true", "Parameter 'sz' expects uint64" },
        { "num", "'1'", "Invalid parameter type for 'num', expected: number" },
        { "flag", "1", "Invalid parameter type for 'flag', expected: boolean" },
        { "text", "1", "Invalid parameter type for 'text', expected: string" },
        { "enums", "{}", "Invalid parameter type for 'enums', expected: array" },
        { "enums", "['value-one', 7]",
          "Invalid parameter type for 'enums[1]', expected: string" },
        { "enums", "['nope']", "Parameter 'null' does not accept value 'nope'" },
        { "enums", "['value-never']",
          "Parameter 'null' does not accept value 'value-never'" },
        { "prefixed", "'d'", "Parameter 'prefixed' does not accept value 'd'" },
        { "sub", "[]", "Invalid parameter type for 'sub', expected: object" },
        { "sub", "{}", "Parameter 'sub.name' is missing" },
        { "sub", "{'name': 'a', 'x': 1}", "Parameter 'sub.x' is unexpected" },
        { "sub", "{'name': 'a', 'count': true}",
          "Invalid parameter type for 'count', expected: TestSmallInt" },
        { "subs", "[{'name': 'a'}, {'name': 'b', 'count': []}]",
          "Invalid parameter type for 'count', expected: TestSmallInt" },
        { "subs", "[{'name': 'a'}, {'name': 1}]",
          "Invalid parameter type for 'subs[1].name', expected: string" },
        { "subs", "[{'name': 'a', 'bad': 1}]",
          "Parameter 'subs[0].bad' is unexpected" },
        { "opt-list", "[1, 'x']",
          "Invalid parameter type for 'opt-list[1]', expected: integer" },
        { "alt", "[]", "Invalid parameter type for 'alt', expected: TestAlt" },
        { "alt", "'nope'", "Parameter 'alt' does not accept value 'nope'" },
        { "alt", "{}", "Parameter 'alt.name' is missing" },
        { "str-or-null", "1",
          "Invalid parameter type for 'str-or-null', expected: TestStrOrNull" },
        { "never-member", "1", "Parameter 'never-member' is unexpected" },
    };
    /* values that are accepted */
    static const struct {
        const char *key, *value;
    } good[] = {
        { "u64", "-1" },            /* negative numbers wrap */
        { "sz", "-2" },
        { "u32", "-0" },
        { "num", "3" },             /* integers are numbers */
        { "any", "null" },
        { "str-or-null", "null" },
        { "opt-str", "''" },
    };

    for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
        g_autoptr(QObject) in = json(valid_struct);
        QDict *dict = qobject_to(QDict, in);

        if (cases[i].value) {
            qdict_put_obj(dict, cases[i].key, json(cases[i].value));
        } else {
            qdict_del(dict, cases[i].key);
        }
        check_error(&qapi_type_TestStruct, in, cases[i].msg);
    }
    for (size_t i = 0; i < ARRAY_SIZE(good); i++) {
        g_autoptr(QObject) in = json(valid_struct);
        g_autoptr(TestStruct) s = NULL;

        qdict_put_obj(qobject_to(QDict, in), good[i].key,
                      json(good[i].value));
        g_assert_true(qapi_from_qobject_TestStruct(in, &s, &error_abort));
        if (!strcmp(good[i].key, "u64")) {
            g_assert_true(s->u64 == UINT64_MAX);
        }
    }

    /* union and top-level errors */
    {
        g_autoptr(QObject) in = json("{'kind': 'one'}");
        g_autoptr(QObject) in2 = json("{'kind': 'four', 'one-int': 1}");
        g_autoptr(QObject) in3 = json("{'kind': 'one', 'one-int': 1,"
                                      " 'two-list': []}");
        g_autoptr(QObject) in4 = json("[1]");
        g_autoptr(QObject) in5 = json("1");

        check_error(&qapi_type_TestUnion, in, "Parameter 'one-int' is missing");
        check_error(&qapi_type_TestUnion, in2,
                    "Parameter 'kind' does not accept value 'four'");
        check_error(&qapi_type_TestUnion, in3,
                    "Parameter 'two-list' is unexpected");
        check_error(&qapi_type_TestUnion, in4,
                    "Invalid parameter type for 'null', expected: object");
        check_error(&qapi_type_null, in5,
                    "Invalid parameter type for 'null', expected: null");
    }
}

static void test_convert_string(void)
{
    static const struct {
        const QapiTypeInfo *type;
        const char *str;
        uint64_t val;           /* as stored, widened */
        const char *msg;        /* NULL: accepted */
    } cases[] = {
        { &qapi_type_int8, "-12", (uint64_t)-12, NULL },
        { &qapi_type_int8, "200", 0, "Parameter 'p' expects int8_t" },
        { &qapi_type_int, "0x10", 16, NULL },
        { &qapi_type_int, "ten", 0,
          "Parameter 'p' expects an int64 value or range" },
        { &qapi_type_uint16, "65535", 65535, NULL },
        { &qapi_type_uint16, "65536", 0, "Parameter 'p' expects uint16_t" },
        { &qapi_type_uint64, "x", 0,
          "Parameter 'p' expects an uint64 value or range" },
        { &qapi_type_size, "1.5k", 1536, NULL },
        { &qapi_type_size, "2M", 2 << 20, NULL },
        { &qapi_type_size, "12", 12, NULL },
        { &qapi_type_size, "1Q", 0, "Parameter 'p' expects size" },
        { &qapi_type_bool, "on", 1, NULL },
        { &qapi_type_bool, "yes", 1, NULL },
        { &qapi_type_bool, "false", 0, NULL },
        { &qapi_type_bool, "maybe", 0,
          "Parameter 'p' expects 'on' or 'off'" },
        { &qapi_type_TestEnum, "value-two", TEST_ENUM_VALUE_TWO, NULL },
        { &qapi_type_TestEnum, "value-nine", 0,
          "Parameter 'p' does not accept value 'value-nine'" },
    };

    for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
        union {
            int8_t i8;
            int64_t i64;
            uint16_t u16;
            uint64_t u64;
            bool b;
            int e;
        } v = { 0 };
        Error *err = NULL;
        bool ok = qapi_from_string(cases[i].type, "p", cases[i].str, &v,
                                   &err);
        uint64_t got;

        if (cases[i].msg) {
            g_assert_false(ok);
            g_assert_cmpstr(error_get_pretty(err), ==, cases[i].msg);
            error_free(err);
            continue;
        }
        g_assert_true(ok);
        switch (cases[i].type->kind) {
        case QAPI_KIND_INT8:
            got = (uint64_t)(int64_t)v.i8;
            break;
        case QAPI_KIND_UINT16:
            got = v.u16;
            break;
        case QAPI_KIND_BOOL:
            got = v.b;
            break;
        case QAPI_KIND_ENUM:
            got = v.e;
            break;
        default:
            got = v.u64;
            break;
        }
        g_assert_true(got == cases[i].val);
    }

    {
        char *s = NULL;
        double d = 0;
        Error *err = NULL;

        g_assert_true(qapi_from_string(&qapi_type_str, "p", "abc", &s,
                                       &error_abort));
        g_assert_cmpstr(s, ==, "abc");
        g_free(s);
        g_assert_true(qapi_from_string(&qapi_type_number, "p", "2.5", &d,
                                       &error_abort));
        g_assert_cmpfloat(d, ==, 2.5);
        g_assert_false(qapi_from_string(&qapi_type_number, "p", "2.5x", &d,
                                        &err));
        g_assert_cmpstr(error_get_pretty(err), ==,
                        "Parameter 'p' expects number");
        error_free(err);
    }
}

static void test_convert_clone(void)
{
    g_autoptr(TestStruct) s = make_struct();
    g_autoptr(TestStruct) copy = QAPI_CLONE(TestStruct, s);
    g_autoptr(QObject) a = qapi_to_qobject_TestStruct(s);
    g_autoptr(QObject) b = NULL;

    /* deep: nothing shared but QObjects (immutable, refcounted) */
    g_assert_true(copy->text != s->text);
    g_assert_true(copy->sub != s->sub);
    g_assert_true(copy->enums != s->enums);
    g_assert_true(copy->subs->value != s->subs->value);
    g_assert_true(copy->alt != s->alt);
    g_assert_true(copy->alt->u.o.name != s->alt->u.o.name);
    qapi_free_TestStruct(s);
    s = NULL;
    b = qapi_to_qobject_TestStruct(copy);
    g_assert_true(qobject_is_equal(a, b));
}

/* ---- command handlers of the test schema -------------------------- */

TestSubStruct *qmp_test_cmd(int64_t num, const char *text, bool has_enums,
                            TestEnumList *enums, TestSubStruct *sub,
                            bool has_u8, uint8_t u8, Error **errp)
{
    TestSubStruct *ret;
    int n = 0;

    if (num < 0) {
        error_setg(errp, "num must not be negative");
        return NULL;
    }
    for (; has_enums && enums; enums = enums->next) {
        n++;
    }
    ret = g_new0(TestSubStruct, 1);
    ret->name = g_strdup_printf("%s/%d/%s/%d", text ? text : "-", n,
                                sub ? sub->name : "-", has_u8 ? u8 : -1);
    ret->count = g_new0(TestSmallInt, 1);
    ret->count->type = QTYPE_QNUM;
    ret->count->u.i = num;
    return ret;
}

TestStruct *qmp_test_struct(TestStruct *s, Error **errp)
{
    return QAPI_CLONE(TestStruct, s);
}

static int no_args_calls;

void qmp_test_no_args(Error **errp)
{
    no_args_calls++;
}

TestSubStructList *qmp_test_boxed(TestUnion *arg, Error **errp)
{
    TestSubStructList *head = NULL, **tail = &head;
    strList *s;

    if (arg->kind != TEST_UNION_KIND_TWO) {
        error_setg(errp, "want kind two");
        return NULL;
    }
    for (s = arg->u.two.two_list; s; s = s->next) {
        *tail = g_new0(TestSubStructList, 1);
        (*tail)->value = g_new0(TestSubStruct, 1);
        (*tail)->value->name = g_strdup(s->value);
        tail = &(*tail)->next;
    }
    return head;
}

TestOuter *qmp_test_outer(TestOuter *arg, Error **errp)
{
    return QAPI_CLONE(TestOuter, arg);
}

void qmp_test_oob(Error **errp)
{
}

void qmp_test_no_success(Error **errp)
{
}

static int64_t legacy_value;

void qmp_test_legacy_name(int64_t Legacy_Name, Error **errp)
{
    legacy_value = Legacy_Name;
}

int64_t qmp_test_returns_int(int16List *ints, Error **errp)
{
    int64_t sum = 0;

    for (; ints; ints = ints->next) {
        sum += ints->value;
    }
    return sum;
}

QObject *qmp_test_any(QObject *value, TestUndocumented *undoc, Error **errp)
{
    return qobject_ref(value);
}

void qmp_test_deprecated(Error **errp)
{
}

void qmp_test_coroutine(Error **errp)
{
}

TestStruct *qmp_test_alternates(TestAlt *alt, TestStrOrNull *son,
                                Error **errp)
{
    TestStruct *s = g_new0(TestStruct, 1);

    s->base_str = g_strdup(son->type == QTYPE_QSTRING ? son->u.s : "null");
    s->text = g_strdup("");
    s->sub = g_new0(TestSubStruct, 1);
    s->sub->name = g_strdup("");
    s->alt = QAPI_CLONE(TestAlt, alt);
    return s;
}

/* ---- dispatch ----------------------------------------------------- */

static QmpCommandList test_commands;

static void setup_commands(void)
{
    if (!test_commands.head) {
        qmp_init_marshal(&test_commands);
    }
}

/* Dispatch @request and compare the reply with @reply (NULL: none). */
static void check_dispatch(const char *request, bool allow_oob,
                           bool preconfig, const char *reply)
{
    g_autoptr(QObject) req = json(request);
    QDict *rsp = qmp_dispatch(&test_commands, req, allow_oob, preconfig);

    if (!reply) {
        g_assert_null(rsp);
        return;
    }
    g_assert_nonnull(rsp);
    assert_json_equal(QOBJECT(rsp), reply);
    qobject_unref(rsp);
}

static void test_dispatch_registry(void)
{
    const QmpCommand *cmd;
    int count = 0;

    setup_commands();
    cmd = qmp_find_command(&test_commands, "test-oob");
    g_assert_nonnull(cmd);
    g_assert_cmpint(cmd->options, ==, QCO_ALLOW_OOB);
    cmd = qmp_find_command(&test_commands, "test-no-success");
    g_assert_false(qmp_has_success_response(cmd));
    cmd = qmp_find_command(&test_commands, "test-no-args");
    g_assert_cmpint(cmd->options, ==, QCO_ALLOW_PRECONFIG);
    cmd = qmp_find_command(&test_commands, "test-coroutine");
    g_assert_cmpint(cmd->options, ==, QCO_COROUTINE);
    cmd = qmp_find_command(&test_commands, "test-deprecated");
    g_assert_cmpint(cmd->special_features, ==, 1u << QAPI_DEPRECATED);
    cmd = qmp_find_command(&test_commands, "test_legacy_name");
    g_assert_cmpstr(qmp_command_name(cmd), ==, "test_legacy_name");
    g_assert_true(qmp_command_is_enabled(cmd));
    /* 'gen': false and compiled-out commands are not registered */
    g_assert_null(qmp_find_command(&test_commands, "test-gen-false"));
    g_assert_null(qmp_find_command(&test_commands, "test-never"));
    for (cmd = test_commands.head; cmd; cmd = cmd->next) {
        count++;
    }
    g_assert_cmpint(count, ==, 13);
}

static void test_dispatch_success(void)
{
    setup_commands();
    no_args_calls = 0;
    check_dispatch("{'execute': 'test-no-args'}", false, false,
                   "{'return': {}}");
    check_dispatch("{'execute': 'test-no-args', 'arguments': {},"
                   " 'id': [1, {'a': null}]}", false, false,
                   "{'return': {}, 'id': [1, {'a': null}]}");
    g_assert_cmpint(no_args_calls, ==, 2);
    check_dispatch("{'execute': 'test-cmd', 'arguments': {'num': 3,"
                   " 'text': 'hi', 'enums': ['value-one', 'value-two'],"
                   " 'sub': {'name': 's'}, 'u8': 200}, 'id': 'a'}",
                   false, false,
                   "{'return': {'name': 'hi/2/s/200', 'count': 3},"
                   " 'id': 'a'}");
    check_dispatch("{'execute': 'test-cmd', 'arguments': {'num': 3}}",
                   false, false,
                   "{'return': {'name': '-/0/-/-1', 'count': 3}}");
    check_dispatch("{'execute': 'test-boxed', 'arguments': {'kind': 'two',"
                   " 'two-list': ['x', 'y']}}", false, false,
                   "{'return': [{'name': 'x'}, {'name': 'y'}]}");
    check_dispatch("{'execute': 'test-outer', 'arguments': {'outer': 'inner',"
                   " 'kind': 'one', 'one-int': 5, 'common': 1}}", false, false,
                   "{'return': {'outer': 'inner', 'kind': 'one',"
                   " 'one-int': 5, 'common': 1}}");
    check_dispatch("{'execute': 'test-returns-int', 'arguments':"
                   " {'ints': [1, 2, -4]}}", false, false, "{'return': -1}");
    check_dispatch("{'execute': 'test-any', 'arguments':"
                   " {'value': [true, 'x']}}", false, false,
                   "{'return': [true, 'x']}");
    check_dispatch("{'execute': 'test_legacy_name', 'arguments':"
                   " {'Legacy_Name': 77}}", false, false, "{'return': {}}");
    g_assert_cmpint(legacy_value, ==, 77);
    check_dispatch("{'execute': 'test-alternates', 'arguments':"
                   " {'alt': 'value-one', 'son': 'str'}}", false, false,
                   "{'return': {'base-str': 'str', 'i8': 0, 'u8': 0,"
                   " 'i16': 0, 'u16': 0, 'i32': 0, 'u32': 0, 'i64': 0,"
                   " 'u64': 0, 'sz': 0, 'num': 0.0, 'flag': false, 'text': '',"
                   " 'enums': [], 'sub': {'name': ''}, 'alt': 'value-one'}}");
    check_dispatch("{'execute': 'test-no-success'}", false, false, NULL);
    /* out of band */
    check_dispatch("{'exec-oob': 'test-oob', 'id': 1}", true, false,
                   "{'return': {}, 'id': 1}");
    check_dispatch("{'execute': 'test-oob'}", true, false, "{'return': {}}");
    /* preconfig */
    check_dispatch("{'execute': 'test-no-args'}", false, true,
                   "{'return': {}}");
}

#define GENERIC(desc) "{'error': {'class': 'GenericError', 'desc': \"" desc "\"}}"
#define GENERIC_ID(desc, id)                                                  \
    "{'error': {'class': 'GenericError', 'desc': \"" desc "\"}, 'id': " id "}"

static void test_dispatch_errors(void)
{
    setup_commands();
    check_dispatch("[1]", false, false,
                   GENERIC("QMP input must be a JSON object"));
    check_dispatch("42", false, false,
                   GENERIC("QMP input must be a JSON object"));
    check_dispatch("{'execute': 'test-no-args', 'foo': 1, 'id': 'x'}",
                   false, false,
                   GENERIC_ID("QMP input member 'foo' is unexpected", "'x'"));
    check_dispatch("{'execute': 1, 'id': 2}", false, false,
                   GENERIC_ID("QMP input member 'execute' must be a string",
                              "2"));
    check_dispatch("{'exec-oob': 1}", true, false,
                   GENERIC("QMP input member 'exec-oob' must be a string"));
    check_dispatch("{'id': 3}", false, false,
                   GENERIC_ID("QMP input lacks member 'execute'", "3"));
    check_dispatch("{'execute': 'test-no-args', 'arguments': [], 'id': 4}",
                   false, false,
                   GENERIC_ID("QMP input member 'arguments' must be an object",
                              "4"));
    check_dispatch("{'execute': 'test-oob', 'exec-oob': 'test-oob'}", true,
                   false,
                   GENERIC("QMP input member 'execute' clashes with "
                           "'exec-oob'"));
    /*
     * Keys are checked in QDict order (exec-oob, bar, execute, zzz): the
     * clash is found before 'zzz', 'bar' before the clash.
     */
    check_dispatch("{'execute': 'test-oob', 'exec-oob': 'test-oob',"
                   " 'zzz': 1}", true, false,
                   GENERIC("QMP input member 'execute' clashes with "
                           "'exec-oob'"));
    check_dispatch("{'execute': 'test-oob', 'exec-oob': 'test-oob',"
                   " 'bar': 1}", true, false,
                   GENERIC("QMP input member 'bar' is unexpected"));
    /* exec-oob without the oob capability is just an unknown key */
    check_dispatch("{'exec-oob': 'test-oob'}", false, false,
                   GENERIC("QMP input member 'exec-oob' is unexpected"));
    check_dispatch("{'exec-oob': 'test-no-args', 'id': 5}", true, false,
                   GENERIC_ID("The command test-no-args does not support OOB",
                              "5"));
    check_dispatch("{'execute': 'nope', 'id': 6}", false, false,
                   "{'error': {'class': 'CommandNotFound',"
                   " 'desc': 'The command nope has not been found'},"
                   " 'id': 6}");
    check_dispatch("{'execute': 'test-gen-false'}", false, false,
                   "{'error': {'class': 'CommandNotFound',"
                   " 'desc': 'The command test-gen-false has not been found'}}");
    check_dispatch("{'execute': 'test-cmd', 'arguments': {'num': 1}}", false,
                   true,
                   GENERIC("The command 'test-cmd' is permitted only after "
                           "machine initialization has completed"));
    /* argument validation, before the handler runs */
    no_args_calls = 0;
    check_dispatch("{'execute': 'test-no-args', 'arguments': {'a': 1}}",
                   false, false, GENERIC("Parameter 'a' is unexpected"));
    g_assert_cmpint(no_args_calls, ==, 0);
    check_dispatch("{'execute': 'test-cmd'}", false, false,
                   GENERIC("Parameter 'num' is missing"));
    check_dispatch("{'execute': 'test-cmd', 'arguments': {'num': 1,"
                   " 'u8': 256}}", false, false,
                   GENERIC("Parameter 'u8' expects uint8_t"));
    check_dispatch("{'execute': 'test-cmd', 'arguments': {'num': 1,"
                   " 'sub': {'name': 2}}}", false, false,
                   GENERIC("Invalid parameter type for 'sub.name', "
                           "expected: string"));
    check_dispatch("{'execute': 'test-cmd', 'arguments': {'num': 1,"
                   " 'enums': ['value-one', 'bad']}}", false, false,
                   GENERIC("Parameter 'null' does not accept value 'bad'"));
    check_dispatch("{'execute': 'test-boxed', 'arguments': {'kind': 'one'}}",
                   false, false, GENERIC("Parameter 'one-int' is missing"));
    check_dispatch("{'execute': 'test-struct', 'arguments': {'s': {}}}",
                   false, false, GENERIC("Parameter 's.base-str' is missing"));
    /* the handler's own error */
    check_dispatch("{'execute': 'test-cmd', 'arguments': {'num': -1},"
                   " 'id': 7}", false, false,
                   GENERIC_ID("num must not be negative", "7"));
    check_dispatch("{'execute': 'test-no-success', 'arguments': {'x': 1}}",
                   false, false, GENERIC("Parameter 'x' is unexpected"));

    /* disabled commands */
    qmp_disable_command(&test_commands, "test-no-args", "not today");
    check_dispatch("{'execute': 'test-no-args'}", false, false,
                   "{'error': {'class': 'CommandNotFound', 'desc':"
                   " 'Command test-no-args has been disabled: not today'}}");
    qmp_enable_command(&test_commands, "test-no-args");
    check_dispatch("{'execute': 'test-no-args'}", false, false,
                   "{'return': {}}");
}

static void test_dispatch_roundtrip_struct(void)
{
    g_autoptr(TestStruct) s = make_struct();
    g_autoptr(QObject) sobj = qapi_to_qobject_TestStruct(s);
    QDict *req = qdict_new();
    QDict *args = qdict_new();
    QDict *rsp;

    setup_commands();
    qdict_put_str(req, "execute", "test-struct");
    qdict_put_obj(args, "s", qobject_ref(sobj));
    qdict_put(req, "arguments", args);
    rsp = qmp_dispatch(&test_commands, QOBJECT(req), false, false);
    g_assert_true(qobject_is_equal(qdict_get(rsp, "return"), sobj));
    qobject_unref(rsp);
    qobject_unref(req);
}

/* ---- events ------------------------------------------------------- */

static QAPIEvent last_event = QAPI_EVENT__MAX;
static QDict *last_qdict;

void qapi_event_emit(QAPIEvent event, QDict *qdict)
{
    last_event = event;
    qobject_unref(last_qdict);
    last_qdict = qobject_ref(qdict);
}

static void check_timestamp(QDict *ev)
{
    QDict *ts = qdict_get_qdict(ev, "timestamp");

    g_assert_cmpint(qdict_size(ts), ==, 2);
    g_assert_cmpint(qdict_get_int(ts, "seconds"), >, 1600000000);
    g_assert_cmpint(qdict_get_int(ts, "microseconds"), >=, 0);
    g_assert_cmpint(qdict_get_int(ts, "microseconds"), <, 1000000);
}

static void test_events(void)
{
    TestSubStruct sub = { .name = (char *)"boxed" };

    g_assert_cmpint(QAPI_EVENT__MAX, ==, 3);
    g_assert_cmpstr(QAPIEvent_str(QAPI_EVENT_TEST_EVENT_BOXED), ==,
                    "TEST_EVENT_BOXED");

    qapi_event_send_test_event(5, "text");
    g_assert_cmpint(last_event, ==, QAPI_EVENT_TEST_EVENT);
    g_assert_cmpint(qdict_size(last_qdict), ==, 3);
    g_assert_cmpstr(qdict_get_str(last_qdict, "event"), ==, "TEST_EVENT");
    check_timestamp(last_qdict);
    assert_json_equal(qdict_get(last_qdict, "data"),
                      "{'num': 5, 'text': 'text'}");

    qapi_event_send_test_event(6, NULL);
    assert_json_equal(qdict_get(last_qdict, "data"), "{'num': 6}");

    qapi_event_send_test_event_boxed(&sub);
    g_assert_cmpint(last_event, ==, QAPI_EVENT_TEST_EVENT_BOXED);
    assert_json_equal(qdict_get(last_qdict, "data"), "{'name': 'boxed'}");

    qapi_event_send_test_event_empty();
    g_assert_cmpint(last_event, ==, QAPI_EVENT_TEST_EVENT_EMPTY);
    g_assert_cmpint(qdict_size(last_qdict), ==, 2);
    g_assert_false(qdict_haskey(last_qdict, "data"));
    check_timestamp(last_qdict);

    qobject_unref(last_qdict);
    last_qdict = NULL;
}

/* ---- introspection ------------------------------------------------ */

static QList *schema;

static QDict *schema_entry(const char *name)
{
    return schema_find(schema, name);
}

static QDict *schema_member(QDict *obj, const char *name)
{
    return schema_find_member(obj, name);
}

static bool is_masked(const char *name)
{
    if (!*name) {
        return false;
    }
    for (; *name; name++) {
        if (!g_ascii_isdigit(*name)) {
            return false;
        }
    }
    return true;
}

static void test_introspect(void)
{
    g_autoptr(QObject) obj = qmp_schema_qobject();
    QDict *cmd, *args, *ent, *m;
    const QListEntry *e;
    int xonly = 0, nmasked = 0;

    schema = qobject_to(QList, obj);
    g_assert_nonnull(schema);

    /* commands and events by real name; compiled-out ones absent */
    cmd = schema_entry("test-cmd");
    g_assert_cmpstr(qdict_get_str(cmd, "meta-type"), ==, "command");
    g_assert_cmpstr(qdict_get_str(cmd, "arg-type"), ==, "0");
    g_assert_cmpstr(qdict_get_str(cmd, "ret-type"), ==, "1");
    g_assert_false(qdict_haskey(cmd, "allow-oob"));
    g_assert_nonnull(schema_entry("test-gen-false"));
    g_assert_null(schema_entry("test-never"));
    g_assert_null(schema_entry("TEST_EVENT_NEVER"));
    ent = schema_entry("test-oob");
    g_assert_true(qdict_get_bool(ent, "allow-oob"));
    ent = schema_entry("TEST_EVENT");
    g_assert_cmpstr(qdict_get_str(ent, "meta-type"), ==, "event");
    assert_json_equal(qdict_get(schema_entry("test-deprecated"), "features"),
                      "['deprecated']");
    assert_json_equal(qdict_get(schema_entry("TEST_EVENT_EMPTY"), "features"),
                      "['unstable']");

    /* argument-less commands share one empty object */
    ent = schema_entry("test-no-args");
    g_assert_cmpstr(qdict_get_str(ent, "arg-type"), ==,
                    qdict_get_str(ent, "ret-type"));
    g_assert_cmpstr(qdict_get_str(ent, "arg-type"), ==,
                    qdict_get_str(schema_entry("TEST_EVENT_EMPTY"),
                                  "arg-type"));
    args = schema_entry(qdict_get_str(ent, "arg-type"));
    g_assert_cmpstr(qdict_get_str(args, "meta-type"), ==, "object");
    g_assert_true(is_masked(qdict_get_str(args, "name")));
    g_assert_true(qlist_empty(qdict_get_qlist(args, "members")));

    /* members: int collapse, arrays, default null */
    args = schema_entry(qdict_get_str(cmd, "arg-type"));
    g_assert_cmpstr(qdict_get_str(args, "meta-type"), ==, "object");
    assert_json_equal(QOBJECT(schema_member(args, "num")),
                      "{'name': 'num', 'type': 'int'}");
    assert_json_equal(QOBJECT(schema_member(args, "text")),
                      "{'name': 'text', 'type': 'str', 'default': null}");
    assert_json_equal(QOBJECT(schema_member(args, "u8")),
                      "{'name': 'u8', 'type': 'int', 'default': null}");
    m = schema_member(args, "enums");
    g_assert_cmpint(qdict_get_str(m, "type")[0], ==, '[');
    ent = schema_entry(qdict_get_str(m, "type"));
    g_assert_cmpstr(qdict_get_str(ent, "meta-type"), ==, "array");

    /* the enum TestEnum */
    ent = schema_entry(qdict_get_str(ent, "element-type"));
    g_assert_cmpstr(qdict_get_str(ent, "meta-type"), ==, "enum");
    assert_json_equal(qdict_get(ent, "values"),
                      "['value-one', 'value-two', 'value-three',"
                      " 'value-cond']");
    assert_json_equal(qdict_get(ent, "members"),
                      "[{'name': 'value-one'}, {'name': 'value-two'},"
                      " {'name': 'value-three', 'features': ['deprecated']},"
                      " {'name': 'value-cond'}]");

    /* integer arrays collapse to [int] */
    args = schema_entry(qdict_get_str(schema_entry("test-returns-int"),
                                      "arg-type"));
    assert_json_equal(QOBJECT(schema_member(args, "ints")),
                      "{'name': 'ints', 'type': '[int]'}");
    assert_json_equal(QOBJECT(schema_entry("[int]")),
                      "{'name': '[int]', 'meta-type': 'array',"
                      " 'element-type': 'int'}");
    assert_json_equal(QOBJECT(schema_entry("int")),
                      "{'name': 'int', 'meta-type': 'builtin',"
                      " 'json-type': 'int'}");
    assert_json_equal(QOBJECT(schema_entry("any")),
                      "{'name': 'any', 'meta-type': 'builtin',"
                      " 'json-type': 'value'}");
    g_assert_null(schema_entry("int16"));
    g_assert_null(schema_entry("uint8"));

    /* the boxed union */
    ent = schema_entry(qdict_get_str(schema_entry("test-boxed"), "arg-type"));
    g_assert_cmpstr(qdict_get_str(ent, "tag"), ==, "kind");
    g_assert_cmpint(qlist_size(qdict_get_qlist(ent, "variants")), ==, 2);
    e = qlist_first(qdict_get_qlist(ent, "variants"));
    g_assert_cmpstr(qdict_get_str(qobject_to(QDict, qlist_entry_obj(e)),
                                  "case"), ==, "one");
    assert_json_equal(QOBJECT(schema_member(ent, "common")),
                      "{'name': 'common', 'type': 'int', 'default': null}");

    /* TestStruct, via test-struct */
    args = schema_entry(qdict_get_str(schema_entry("test-struct"),
                                      "arg-type"));
    ent = schema_entry(qdict_get_str(schema_member(args, "s"), "type"));
    g_assert_nonnull(schema_member(ent, "base-str"));
    g_assert_nonnull(schema_member(ent, "if-member"));
    g_assert_null(schema_member(ent, "never-member"));
    assert_json_equal(QOBJECT(schema_member(ent, "dep-member")),
                      "{'name': 'dep-member', 'type': 'int',"
                      " 'default': null, 'features': ['deprecated']}");
    m = schema_member(ent, "prefixed");
    assert_json_equal(qdict_get(schema_entry(qdict_get_str(m, "type")),
                                "features"), "['unstable']");
    m = schema_member(ent, "alt");
    ent = schema_entry(qdict_get_str(m, "type"));
    g_assert_cmpstr(qdict_get_str(ent, "meta-type"), ==, "alternate");
    g_assert_cmpint(qlist_size(qdict_get_qlist(ent, "members")), ==, 4);
    e = qlist_first(qdict_get_qlist(ent, "members"));
    assert_json_equal(qlist_entry_obj(e), "{'type': 'number'}");

    /* every other name is masked; unreachable types are left out */
    QLIST_FOREACH_ENTRY(schema, e) {
        QDict *d = qobject_to(QDict, qlist_entry_obj(e));
        const char *meta = qdict_get_str(d, "meta-type");
        const char *name = qdict_get_str(d, "name");

        if (!strcmp(meta, "object") || !strcmp(meta, "enum")
            || !strcmp(meta, "alternate")) {
            g_assert_true(is_masked(name));
            nmasked++;
        }
        if (!strcmp(meta, "object")
            && qlist_size(qdict_get_qlist(d, "members")) == 1
            && schema_member(d, "x")) {
            xonly++;
        }
    }
    /* TestUndocumented only: TestUnreachable and TestNever are absent */
    g_assert_cmpint(xonly, ==, 1);
    /* masks are "0".."n-1" */
    {
        g_autofree char *last = g_strdup_printf("%d", nmasked - 1);

        g_assert_nonnull(schema_entry(last));
    }
    schema = NULL;
}

int main(int argc, char **argv)
{
    int ret;

    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/qapi/types/enum", test_types_enum);
    g_test_add_func("/qapi/types/layout", test_types_layout);
    g_test_add_func("/qapi/convert/roundtrip", test_convert_roundtrip);
    g_test_add_func("/qapi/convert/optional-empty-list",
                    test_convert_optional_empty_list);
    g_test_add_func("/qapi/convert/union", test_convert_union);
    g_test_add_func("/qapi/convert/alternate", test_convert_alternate);
    g_test_add_func("/qapi/convert/errors", test_convert_errors);
    g_test_add_func("/qapi/convert/string", test_convert_string);
    g_test_add_func("/qapi/convert/clone", test_convert_clone);
    g_test_add_func("/qapi/dispatch/registry", test_dispatch_registry);
    g_test_add_func("/qapi/dispatch/success", test_dispatch_success);
    g_test_add_func("/qapi/dispatch/errors", test_dispatch_errors);
    g_test_add_func("/qapi/dispatch/struct-roundtrip",
                    test_dispatch_roundtrip_struct);
    g_test_add_func("/qapi/events/send", test_events);
    g_test_add_func("/qapi/introspect/schema", test_introspect);
    ret = g_test_run();
    qmp_command_list_clear(&test_commands);
    return ret;
}
