/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Unit tests of the code generated from the tree's own schema
 * (qapi/qapi-schema.json): introspection facts libvirt relies on, QMP
 * argument errors with member paths, integer edges of the migration
 * types, and hostile (truncated, bit-flipped) QMP requests.
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qapi/qapi-conv-migration.h"
#include "qapi/qapi-introspect.h"
#include "qapi/qmp-dispatch.h"
#include "qobject/qdict.h"
#include "qobject/qjson.h"
#include "qobject/qlist.h"
#include "tests/qapi-schema/schema-lookup.h"

static void test_tree_introspect(void)
{
    g_autoptr(QObject) obj = qmp_schema_qobject();
    QList *schema = qobject_to(QList, obj);
    QDict *cmd, *ret;

    g_assert_nonnull(schema);
    cmd = schema_find(schema, "query-migrate");
    g_assert_nonnull(cmd);
    g_assert_cmpstr(qdict_get_str(cmd, "meta-type"), ==, "command");
    ret = schema_find(schema, qdict_get_str(cmd, "ret-type"));
    g_assert_nonnull(ret);
    g_assert_nonnull(schema_find_member(ret, "status"));
    g_assert_nonnull(schema_find(schema, "MIGRATION"));
    g_assert_nonnull(schema_find(schema, "qmp_capabilities"));
}

static void test_tree_capability_errors(void)
{
    g_autoptr(QObject) in = qobject_from_json(
        "[{'capability': 'events', 'state': true},"
        " {'capability': 'xbzrle', 'state': 'yes'}]", &error_abort);
    g_autoptr(QObject) in2 = qobject_from_json(
        "[{'capability': 'no-such', 'state': true}]", &error_abort);
    MigrationCapabilityStatusList *list = NULL;
    Error *err = NULL;

    g_assert_false(qapi_from_qobject(&qapi_type_MigrationCapabilityStatusList,
                                     in, &list, &err));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "Invalid parameter type for '[1].state', expected: "
                    "boolean");
    error_free(err);
    err = NULL;
    g_assert_false(qapi_from_qobject(&qapi_type_MigrationCapabilityStatusList,
                                     in2, &list, &err));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "Parameter 'capability' does not accept value 'no-such'");
    error_free(err);
    g_assert_null(list);
}

/*
 * Convert @json as the arguments of migrate-set-parameters; NULL on
 * success, else the error text (caller frees).
 */
static char *set_params_error(const char *json)
{
    g_autoptr(QObject) in = qobject_from_json(json, &error_abort);
    MigrateSetParameters p = { 0 };
    Error *err = NULL;
    char *msg;

    if (qapi_members_from_qdict(&qapi_type_MigrateSetParameters,
                                qobject_to(QDict, in), &p, &err)) {
        qapi_free_members(&qapi_type_MigrateSetParameters, &p);
        return NULL;
    }
    msg = g_strdup(error_get_pretty(err));
    error_free(err);
    return msg;
}

/* Integer edges of the parameter types, with QEMU's texts. */
static void test_tree_integer_edges(void)
{
    static const struct {
        const char *json, *msg;     /* msg NULL: accepted */
    } cases[] = {
        { "{'multifd-channels': 255}", NULL },
        { "{'multifd-channels': 256}",
          "Parameter 'multifd-channels' expects uint8_t" },
        { "{'multifd-channels': -1}",
          "Parameter 'multifd-channels' expects uint8_t" },
        { "{'multifd-channels': 1.0}",
          "Parameter 'multifd-channels' expects uint64" },
        { "{'x-checkpoint-delay': 4294967295}", NULL },
        { "{'x-checkpoint-delay': 4294967296}",
          "Parameter 'x-checkpoint-delay' expects uint32_t" },
        { "{'downtime-limit': 18446744073709551615}", NULL },
        { "{'downtime-limit': -9223372036854775808}", NULL },
        { "{'downtime-limit': 18446744073709551616}",
          "Parameter 'downtime-limit' expects uint64" },
        { "{'max-bandwidth': -1}", NULL },
        { "{'max-bandwidth': '1k'}", "Parameter 'max-bandwidth' expects uint64" },
        { "{'max-bandwidth': null}", "Parameter 'max-bandwidth' expects uint64" },
        { "{'cpu-throttle-tailslow': 0}",
          "Invalid parameter type for 'cpu-throttle-tailslow', expected: "
          "boolean" },
        { "{'tls-creds': null, 'tls-hostname': 'h', 'tls-authz': ''}", NULL },
        { "{'tls-creds': 1}",
          "Invalid parameter type for 'tls-creds', expected: StrOrNull" },
        { "{'mode': 'cpr-exec', 'cpr-exec-command': ['a', 'b']}", NULL },
        { "{'cpr-exec-command': ['a', 1]}",
          "Invalid parameter type for 'cpr-exec-command[1]', expected: "
          "string" },
        { "{'multifd-compression': 'zlib', 'zero-page-detection': 'x'}",
          "Parameter 'zero-page-detection' does not accept value 'x'" },
        { "{'block-bitmap-mapping': [{'node-name': 'n', 'alias': 'a',"
          " 'bitmaps': [{'name': 'b', 'alias': 'c',"
          " 'transform': {'persistent': 'no'}}]}]}",
          "Invalid parameter type for "
          "'block-bitmap-mapping[0].bitmaps[0].transform.persistent', "
          "expected: boolean" },
    };

    for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
        g_autofree char *msg = set_params_error(cases[i].json);

        g_assert_cmpstr(msg, ==, cases[i].msg);
    }
}

/* A long capability list converts, round-trips and frees. */
static void test_tree_long_list(void)
{
    g_autoptr(GString) json = g_string_new("[");
    g_autoptr(QObject) in = NULL;
    g_autoptr(QObject) out = NULL;
    MigrationCapabilityStatusList *list = NULL;
    const int count = 100000;

    for (int i = 0; i < count; i++) {
        g_string_append_printf(json, "%s{'capability': '%s', 'state': %s}",
                               i ? ", " : "",
                               MigrationCapability_str(
                                   i % MIGRATION_CAPABILITY__MAX),
                               i & 1 ? "true" : "false");
    }
    g_string_append(json, "]");
    in = qobject_from_json(json->str, &error_abort);
    g_assert_true(qapi_from_qobject(&qapi_type_MigrationCapabilityStatusList,
                                    in, &list, &error_abort));
    out = qapi_to_qobject(&qapi_type_MigrationCapabilityStatusList, &list);
    g_assert_true(qobject_is_equal(in, out));
    qapi_free_MigrationCapabilityStatusList(list);
    list = NULL;

    /* a bad last element: everything converted so far is freed again */
    qlist_append_obj(qobject_to(QList, in),
                     qobject_from_json("{'capability': 'events'}",
                                       &error_abort));
    g_assert_false(qapi_from_qobject(&qapi_type_MigrationCapabilityStatusList,
                                     in, &list, NULL));
    g_assert_null(list);
}

/*
 * Hostile QMP input: every truncation and every single-bit flip of
 * valid migration requests.  Whatever parses is dispatched to commands
 * that convert their arguments with the tree's generated types, convert
 * them back and clone them; it must succeed or fail with a message,
 * never crash or leak (run under ASan or valgrind to see leaks).
 */

/* Convert @args to @type's members, back to QObject, clone, free. */
static void convert_args(const QapiTypeInfo *type, QDict *args,
                         QObject **ret, Error **errp)
{
    void *obj = g_malloc0(type->size);
    void *copy = NULL;
    QDict *back;

    if (!qapi_members_from_qdict(type, args, obj, errp)) {
        g_free(obj);
        return;
    }
    back = qdict_new();
    qapi_members_to_qdict(type, obj, back);
    qapi_clone_slot(type, &obj, &copy);
    qapi_free_slot(type, &obj);
    /* the reply is the converted arguments, so the caller can compare */
    *ret = QOBJECT(back);
    qapi_free_slot(type, &copy);
}

static void marshal_set_parameters(QDict *args, QObject **ret, Error **errp)
{
    convert_args(&qapi_type_MigrateSetParameters, args, ret, errp);
}

static void marshal_set_capabilities(QDict *args, QObject **ret,
                                     Error **errp)
{
    convert_args(&qapi_type_q_obj_migrate_set_capabilities_arg, args, ret,
                 errp);
}

static void marshal_migrate(QDict *args, QObject **ret, Error **errp)
{
    convert_args(&qapi_type_q_obj_migrate_arg, args, ret, errp);
}

static void marshal_migrate_incoming(QDict *args, QObject **ret,
                                     Error **errp)
{
    convert_args(&qapi_type_q_obj_migrate_incoming_arg, args, ret, errp);
}

static const char *const fuzz_requests[] = {
    "{'execute': 'migrate-set-parameters', 'id': 'p1', 'arguments': {"
    "'announce-initial': 50, 'announce-max': 550, 'announce-rounds': 5,"
    " 'announce-step': 100, 'throttle-trigger-threshold': 50,"
    " 'cpu-throttle-initial': 20, 'cpu-throttle-increment': 10,"
    " 'cpu-throttle-tailslow': false, 'tls-creds': null,"
    " 'tls-hostname': 'host', 'tls-authz': '', 'max-bandwidth': 134217728,"
    " 'avail-switchover-bandwidth': 0, 'downtime-limit': 300,"
    " 'x-checkpoint-delay': 20000, 'multifd-channels': 2,"
    " 'xbzrle-cache-size': 67108864, 'max-postcopy-bandwidth': 0,"
    " 'max-cpu-throttle': 99, 'multifd-compression': 'zlib',"
    " 'multifd-zlib-level': 1, 'multifd-zstd-level': 1,"
    " 'block-bitmap-mapping': [{'node-name': 'n0', 'alias': 'a0',"
    " 'bitmaps': [{'name': 'b', 'alias': 'c',"
    " 'transform': {'persistent': true}}]}],"
    " 'x-vcpu-dirty-limit-period': 1000, 'vcpu-dirty-limit': 1,"
    " 'mode': 'normal', 'zero-page-detection': 'multifd',"
    " 'direct-io': false, 'cpr-exec-command': ['a', 'b']}}",
    "{\"execute\": \"migrate-set-capabilities\", \"arguments\":"
    " {\"capabilities\": [{\"capability\": \"events\", \"state\": true},"
    " {\"capability\": \"multifd\", \"state\": false},"
    " {\"capability\": \"postcopy-ram\", \"state\": true}]}, \"id\": 7}",
    "{'execute': 'migrate', 'arguments': {'channels': ["
    "{'channel-type': 'main', 'addr': {'transport': 'socket',"
    " 'type': 'inet', 'host': '::1', 'port': '4444', 'ipv6': true,"
    " 'keep-alive-count': 9}},"
    " {'channel-type': 'cpr', 'addr': {'transport': 'socket',"
    " 'type': 'unix', 'path': '/tmp/cpr.sock'}}], 'detach': true}}",
    "{'execute': 'migrate-incoming', 'arguments': {'channels': ["
    "{'channel-type': 'main', 'addr': {'transport': 'exec',"
    " 'args': ['nc', '-l', '4444']}}], 'exit-on-error': false}}",
    "{'exec-oob': 'migrate', 'arguments': {'uri': 'tcp:0:4444',"
    " 'resume': true}, 'id': [1, {'x': null}]}",
    "{'execute': 'migrate', 'arguments': {'channels': [{'channel-type':"
    " 'main', 'addr': {'transport': 'file', 'filename': '/f',"
    " 'offset': 4096}}]}}",
};

/* Parse and dispatch @text; check the outcome is a clean one. */
static void fuzz_one(const QmpCommandList *cmds, const char *text,
                     unsigned *ok, unsigned *failed)
{
    Error *err = NULL;
    g_autoptr(QObject) req = qobject_from_json(text, &err);
    g_autoptr(QDict) rsp = NULL;
    QDict *error;

    if (!req && !*text) {
        /* no JSON value at all (the monitor never passes this on) */
        error_free(err);
        (*failed)++;
        return;
    }
    if (!req) {
        g_assert_nonnull(err);
        g_assert_cmpstr(error_get_pretty(err), !=, "");
        error_free(err);
        (*failed)++;
        return;
    }
    rsp = qmp_dispatch(cmds, req, true, false);
    g_assert_nonnull(rsp);
    if (qdict_haskey(rsp, "return")) {
        QDict *args = qdict_get_qdict(qobject_to(QDict, req), "arguments");

        /* every argument given came back, unchanged */
        if (args) {
            g_assert_true(qobject_is_equal(QOBJECT(args),
                                           qdict_get(rsp, "return")));
        }
        (*ok)++;
        return;
    }
    error = qdict_get_qdict(rsp, "error");
    g_assert_nonnull(error);
    g_assert_cmpstr(qdict_get_str(error, "class"), !=, "");
    g_assert_cmpstr(qdict_get_str(error, "desc"), !=, "");
    (*failed)++;
}

static void test_tree_fuzz_requests(void)
{
    QmpCommandList cmds = { 0 };
    unsigned ok = 0, failed = 0;

    qmp_register_command(&cmds, "migrate-set-parameters",
                         marshal_set_parameters, QCO_NO_OPTIONS, 0);
    qmp_register_command(&cmds, "migrate-set-capabilities",
                         marshal_set_capabilities, QCO_NO_OPTIONS, 0);
    qmp_register_command(&cmds, "migrate", marshal_migrate, QCO_ALLOW_OOB, 0);
    qmp_register_command(&cmds, "migrate-incoming", marshal_migrate_incoming,
                         QCO_NO_OPTIONS, 0);

    for (size_t r = 0; r < ARRAY_SIZE(fuzz_requests); r++) {
        const char *orig = fuzz_requests[r];
        size_t len = strlen(orig);
        unsigned ok_before = ok;
        g_autofree char *buf = g_malloc(len + 1);

        /* the request itself is good */
        fuzz_one(&cmds, orig, &ok, &failed);
        g_assert_cmpuint(ok, ==, ok_before + 1);
        for (size_t cut = 0; cut < len; cut++) {
            memcpy(buf, orig, cut);
            buf[cut] = 0;
            fuzz_one(&cmds, buf, &ok, &failed);
        }
        for (size_t bit = 0; bit < len * 8; bit++) {
            memcpy(buf, orig, len + 1);
            buf[bit / 8] ^= 1 << (bit % 8);
            fuzz_one(&cmds, buf, &ok, &failed);
        }
    }
    /* both outcomes happened, many times */
    g_assert_cmpuint(ok, >, 100);
    g_assert_cmpuint(failed, >, 1000);
    qmp_command_list_clear(&cmds);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/qapi/tree/introspect", test_tree_introspect);
    g_test_add_func("/qapi/tree/capability-errors",
                    test_tree_capability_errors);
    g_test_add_func("/qapi/tree/integer-edges", test_tree_integer_edges);
    g_test_add_func("/qapi/tree/long-list", test_tree_long_list);
    g_test_add_func("/qapi/tree/fuzz-requests", test_tree_fuzz_requests);
    return g_test_run();
}
