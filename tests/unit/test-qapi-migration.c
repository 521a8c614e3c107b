/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Unit tests of the C types generated from qapi/migration.json: enum
 * values in QEMU's order (they are ABI: they number the C constants and
 * order list outputs), feature flags, and conversion from and to QMP
 * JSON of the parameter, capability and channel types.
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qapi/qapi-types-migration.h"
#include "qapi/qapi-conv-migration.h"
#include "qobject/qdict.h"
#include "qobject/qjson.h"

/* Check that @lookup holds exactly @names, in order, and parses back. */
static void assert_enum(const QEnumLookup *lookup, const char *const *names,
                        int count)
{
    g_assert_cmpint(lookup->size, ==, count);
    for (int i = 0; i < count; i++) {
        g_assert_cmpstr(qapi_enum_lookup(lookup, i), ==, names[i]);
        g_assert_cmpint(qapi_enum_find(lookup, names[i]), ==, i);
        g_assert_cmpint(qapi_enum_parse(lookup, names[i], -1, &error_abort),
                        ==, i);
    }
    g_assert_cmpint(qapi_enum_find(lookup, "no-such-value"), ==, -1);
}

static void test_migration_status(void)
{
    static const char *const names[] = {
        "none", "setup", "cancelling", "cancelled", "active",
        "postcopy-device", "postcopy-active", "postcopy-paused",
        "postcopy-recover-setup", "postcopy-recover", "completed",
        "failed", "colo", "pre-switchover", "device", "wait-unplug",
    };

    assert_enum(&MigrationStatus_lookup, names, ARRAY_SIZE(names));
    g_assert_cmpint(MIGRATION_STATUS__MAX, ==, 16);
    g_assert_cmpint(MIGRATION_STATUS_NONE, ==, 0);
    g_assert_cmpint(MIGRATION_STATUS_POSTCOPY_DEVICE, ==, 5);
    g_assert_cmpint(MIGRATION_STATUS_WAIT_UNPLUG, ==, 15);
    g_assert_cmpstr(MigrationStatus_str(MIGRATION_STATUS_PRE_SWITCHOVER), ==,
                    "pre-switchover");
}

static void test_migration_capability(void)
{
    static const char *const names[] = {
        "xbzrle", "rdma-pin-all", "auto-converge", "zero-blocks", "events",
        "postcopy-ram", "x-colo", "release-ram", "return-path",
        "pause-before-switchover", "multifd", "dirty-bitmaps",
        "postcopy-blocktime", "late-block-activate", "x-ignore-shared",
        "validate-uuid", "background-snapshot", "zero-copy-send",
        "postcopy-preempt", "switchover-ack", "dirty-limit", "mapped-ram",
    };
    const unsigned char *feat = MigrationCapability_lookup.special_features;

    assert_enum(&MigrationCapability_lookup, names, ARRAY_SIZE(names));
    g_assert_cmpint(MIGRATION_CAPABILITY__MAX, ==, 22);
    g_assert_cmpint(MIGRATION_CAPABILITY_MAPPED_RAM, ==, 21);

    g_assert_nonnull(feat);
    for (int i = 0; i < MIGRATION_CAPABILITY__MAX; i++) {
        unsigned char want = 0;

        if (i == MIGRATION_CAPABILITY_ZERO_BLOCKS) {
            want = 1u << QAPI_DEPRECATED;
        } else if (i == MIGRATION_CAPABILITY_X_COLO ||
                   i == MIGRATION_CAPABILITY_X_IGNORE_SHARED) {
            want = 1u << QAPI_UNSTABLE;
        }
        g_assert_cmpuint(feat[i], ==, want);
    }
}

static void test_migration_parameter(void)
{
    static const char *const names[] = {
        "announce-initial", "announce-max", "announce-rounds",
        "announce-step", "throttle-trigger-threshold",
        "cpu-throttle-initial", "cpu-throttle-increment",
        "cpu-throttle-tailslow", "tls-creds", "tls-hostname", "tls-authz",
        "max-bandwidth", "avail-switchover-bandwidth", "downtime-limit",
        "x-checkpoint-delay", "multifd-channels", "xbzrle-cache-size",
        "max-postcopy-bandwidth", "max-cpu-throttle", "multifd-compression",
        "multifd-zlib-level", "multifd-zstd-level", "multifd-qatzip-level",
        "block-bitmap-mapping", "x-vcpu-dirty-limit-period",
        "vcpu-dirty-limit", "mode", "zero-page-detection", "direct-io",
        "cpr-exec-command",
    };
    const unsigned char *feat = MigrationParameter_lookup.special_features;

    assert_enum(&MigrationParameter_lookup, names, ARRAY_SIZE(names));
    g_assert_cmpint(MIGRATION_PARAMETER__MAX, ==, 30);
    g_assert_nonnull(feat);
    g_assert_cmpuint(feat[MIGRATION_PARAMETER_X_CHECKPOINT_DELAY], ==,
                     1u << QAPI_UNSTABLE);
    g_assert_cmpuint(feat[MIGRATION_PARAMETER_X_VCPU_DIRTY_LIMIT_PERIOD], ==,
                     1u << QAPI_UNSTABLE);
    g_assert_cmpuint(feat[MIGRATION_PARAMETER_MODE], ==, 0);
}

static void test_multifd_compression(void)
{
    /* This tree is built with zstd and without QAT, QPL and UADK. */
    static const char *const names[] = { "none", "zlib", "zstd" };
    Error *err = NULL;

    assert_enum(&MultiFDCompression_lookup, names, ARRAY_SIZE(names));
    g_assert_cmpint(MULTIFD_COMPRESSION_NONE, ==, 0);
    g_assert_cmpint(MULTIFD_COMPRESSION_ZLIB, ==, 1);
    g_assert_cmpint(MULTIFD_COMPRESSION_ZSTD, ==, 2);
    g_assert_cmpint(MULTIFD_COMPRESSION__MAX, ==, 3);

    /* Values excluded by the build do not exist at all. */
    g_assert_cmpint(qapi_enum_find(&MultiFDCompression_lookup, "qatzip"), ==,
                    -1);
    g_assert_cmpint(qapi_enum_parse(&MultiFDCompression_lookup, "qpl",
                                    MULTIFD_COMPRESSION_NONE, &err),
                    ==, MULTIFD_COMPRESSION_NONE);
    g_assert_cmpstr(error_get_pretty(err), ==, "invalid parameter value: qpl");
    error_free(err);
}

static void test_small_enums(void)
{
    static const char *const zpd[] = { "none", "legacy", "multifd" };
    static const char *const mode[] = {
        "normal", "cpr-reboot", "cpr-transfer", "cpr-exec",
    };
    static const char *const addr[] = { "socket", "exec", "rdma", "file" };
    static const char *const chan[] = { "main", "cpr" };

    assert_enum(&ZeroPageDetection_lookup, zpd, ARRAY_SIZE(zpd));
    g_assert_cmpstr(ZeroPageDetection_str(ZERO_PAGE_DETECTION_MULTIFD), ==,
                    "multifd");
    g_assert_cmpint(ZERO_PAGE_DETECTION__MAX, ==, 3);

    assert_enum(&MigMode_lookup, mode, ARRAY_SIZE(mode));
    g_assert_cmpint(MIG_MODE_CPR_EXEC, ==, 3);

    assert_enum(&MigrationAddressType_lookup, addr, ARRAY_SIZE(addr));
    g_assert_cmpint(MIGRATION_ADDRESS_TYPE_FILE, ==, 3);

    assert_enum(&MigrationChannelType_lookup, chan, ARRAY_SIZE(chan));
    g_assert_cmpint(MIGRATION_CHANNEL_TYPE_CPR, ==, 1);
}

/* Convert the JSON object @json into MigrateSetParameters. */
static bool set_params_from_json(const char *json, MigrateSetParameters **p,
                                 Error **errp)
{
    g_autoptr(QObject) obj = qobject_from_json(json, &error_abort);

    return qapi_from_qobject_MigrateSetParameters(obj, p, errp);
}

static void test_set_parameters_input(void)
{
    g_autoptr(MigrateSetParameters) p = NULL;

    g_assert_true(set_params_from_json(
        "{'tls-creds': null, 'tls-hostname': 'dst.example',"
        " 'max-bandwidth': 9223372036853727232,"
        " 'multifd-compression': 'zstd', 'x-checkpoint-delay': 100,"
        " 'zero-page-detection': 'legacy', 'mode': 'cpr-transfer',"
        " 'cpr-exec-command': ['qemu', '-incoming', 'defer']}",
        &p, &error_abort));

    /* StrOrNull: null and a string are both "present". */
    g_assert_nonnull(p->tls_creds);
    g_assert_cmpint(p->tls_creds->type, ==, QTYPE_QNULL);
    g_assert_nonnull(p->tls_hostname);
    g_assert_cmpint(p->tls_hostname->type, ==, QTYPE_QSTRING);
    g_assert_cmpstr(p->tls_hostname->u.s, ==, "dst.example");
    g_assert_null(p->tls_authz);

    g_assert_true(p->has_max_bandwidth);
    g_assert_cmpuint(p->max_bandwidth, ==, 9223372036853727232ULL);
    g_assert_true(p->has_multifd_compression);
    g_assert_cmpint(p->multifd_compression, ==, MULTIFD_COMPRESSION_ZSTD);
    g_assert_true(p->has_x_checkpoint_delay);
    g_assert_cmpuint(p->x_checkpoint_delay, ==, 100);
    g_assert_cmpint(p->zero_page_detection, ==, ZERO_PAGE_DETECTION_LEGACY);
    g_assert_cmpint(p->mode, ==, MIG_MODE_CPR_TRANSFER);

    g_assert_true(p->has_cpr_exec_command);
    g_assert_cmpstr(p->cpr_exec_command->value, ==, "qemu");
    g_assert_cmpstr(p->cpr_exec_command->next->next->value, ==, "defer");
    g_assert_null(p->cpr_exec_command->next->next->next);

    /* Everything not given is absent. */
    g_assert_false(p->has_downtime_limit);
    g_assert_false(p->has_multifd_channels);
    g_assert_false(p->has_block_bitmap_mapping);
}

static void assert_set_params_error(const char *json, const char *msg)
{
    MigrateSetParameters *p = NULL;
    Error *err = NULL;

    g_assert_false(set_params_from_json(json, &p, &err));
    g_assert_null(p);
    g_assert_cmpstr(error_get_pretty(err), ==, msg);
    error_free(err);
}

static void test_set_parameters_errors(void)
{
    assert_set_params_error("{'multifd-compression': 'qatzip'}",
                            "Parameter 'multifd-compression' does not accept "
                            "value 'qatzip'");
    assert_set_params_error("{'multifd-channels': 256}",
                            "Parameter 'multifd-channels' expects uint8_t");
    /* QEMU names the alternate type here. */
    assert_set_params_error("{'tls-creds': 1}",
                            "Invalid parameter type for 'tls-creds', "
                            "expected: StrOrNull");
    assert_set_params_error("{'compress-level': 1}",
                            "Parameter 'compress-level' is unexpected");
    assert_set_params_error("{'block-bitmap-mapping': [{'node-name': 'n'}]}",
                            "Parameter 'block-bitmap-mapping[0].alias' is "
                            "missing");
}

static void test_channel_input(void)
{
    g_autoptr(QObject) obj = qobject_from_json(
        "{'channel-type': 'main',"
        " 'addr': {'transport': 'socket', 'type': 'inet',"
        "          'host': '10.0.0.1', 'port': '4444', 'ipv4': true}}",
        &error_abort);
    g_autoptr(MigrationChannel) ch = NULL;
    SocketAddress *sa;

    g_assert_true(qapi_from_qobject_MigrationChannel(obj, &ch, &error_abort));
    g_assert_cmpint(ch->channel_type, ==, MIGRATION_CHANNEL_TYPE_MAIN);
    g_assert_cmpint(ch->addr->transport, ==, MIGRATION_ADDRESS_TYPE_SOCKET);
    sa = &ch->addr->u.socket;
    g_assert_cmpint(sa->type, ==, SOCKET_ADDRESS_TYPE_INET);
    g_assert_cmpstr(sa->u.inet.host, ==, "10.0.0.1");
    g_assert_cmpstr(sa->u.inet.port, ==, "4444");
    g_assert_true(sa->u.inet.has_ipv4 && sa->u.inet.ipv4);
}

/* The JSON text QEMU would send for @obj (which is consumed). */
static char *to_json(QObject *obj)
{
    GString *json = qobject_to_json(obj);

    qobject_unref(obj);
    return g_string_free(json, false);
}

static void test_capability_status_output(void)
{
    MigrationCapabilityStatus st = {
        .capability = MIGRATION_CAPABILITY_EVENTS,
        .state = true,
    };
    g_autofree char *json = to_json(
        qapi_to_qobject_MigrationCapabilityStatus(&st));

    /* Member order as in QEMU's replies (see management.md §1.2). */
    g_assert_cmpstr(json, ==, "{\"state\": true, \"capability\": \"events\"}");
}

static void test_parameters_output(void)
{
    static const char *const order[] = {
        "cpu-throttle-tailslow", "xbzrle-cache-size", "cpu-throttle-initial",
        "announce-max", "direct-io", "avail-switchover-bandwidth",
        "zero-page-detection", "multifd-qatzip-level", "multifd-channels",
        "mode", "multifd-zstd-level", "announce-initial", "downtime-limit",
        "tls-authz", "cpr-exec-command", "vcpu-dirty-limit",
        "multifd-compression", "announce-rounds", "announce-step",
        "tls-creds", "x-vcpu-dirty-limit-period", "multifd-zlib-level",
        "max-cpu-throttle", "max-postcopy-bandwidth", "tls-hostname",
        "throttle-trigger-threshold", "max-bandwidth", "x-checkpoint-delay",
        "cpu-throttle-increment",
    };
    g_autoptr(MigrationParameters) p = NULL;
    g_autoptr(QObject) in = qobject_from_json(
        "{'announce-initial': 50, 'announce-max': 550, 'announce-rounds': 5,"
        " 'announce-step': 100, 'throttle-trigger-threshold': 50,"
        " 'cpu-throttle-initial': 20, 'cpu-throttle-increment': 10,"
        " 'cpu-throttle-tailslow': false, 'tls-creds': '',"
        " 'tls-hostname': '', 'tls-authz': '', 'max-bandwidth': 134217728,"
        " 'avail-switchover-bandwidth': 0, 'downtime-limit': 300,"
        " 'x-checkpoint-delay': 20000, 'multifd-channels': 2,"
        " 'xbzrle-cache-size': 67108864, 'max-postcopy-bandwidth': 0,"
        " 'max-cpu-throttle': 99, 'multifd-compression': 'none',"
        " 'multifd-zlib-level': 1, 'multifd-qatzip-level': 1,"
        " 'multifd-zstd-level': 1, 'x-vcpu-dirty-limit-period': 1000,"
        " 'vcpu-dirty-limit': 1, 'mode': 'normal',"
        " 'zero-page-detection': 'multifd', 'direct-io': false,"
        " 'cpr-exec-command': []}", &error_abort);
    g_autofree char *json = NULL;
    const char *pos;

    g_assert_true(qapi_from_qobject_MigrationParameters(in, &p, &error_abort));
    g_assert_true(p->has_cpr_exec_command);
    g_assert_null(p->cpr_exec_command);
    json = to_json(qapi_to_qobject_MigrationParameters(p));

    /* Every member, in QEMU's serialisation order; empty list kept. */
    pos = json;
    for (size_t i = 0; i < ARRAY_SIZE(order); i++) {
        g_autofree char *key = g_strdup_printf("\"%s\": ", order[i]);
        const char *found = strstr(pos, key);

        g_assert_nonnull(found);
        pos = found + strlen(key);
    }
    g_assert_nonnull(strstr(json, "\"cpr-exec-command\": []"));
    g_assert_null(strstr(json, "block-bitmap-mapping"));
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/qapi-migration/enum/status", test_migration_status);
    g_test_add_func("/qapi-migration/enum/capability",
                    test_migration_capability);
    g_test_add_func("/qapi-migration/enum/parameter",
                    test_migration_parameter);
    g_test_add_func("/qapi-migration/enum/multifd-compression",
                    test_multifd_compression);
    g_test_add_func("/qapi-migration/enum/small", test_small_enums);
    g_test_add_func("/qapi-migration/input/set-parameters",
                    test_set_parameters_input);
    g_test_add_func("/qapi-migration/input/set-parameters-errors",
                    test_set_parameters_errors);
    g_test_add_func("/qapi-migration/input/channel", test_channel_input);
    g_test_add_func("/qapi-migration/output/capability-status",
                    test_capability_status_output);
    g_test_add_func("/qapi-migration/output/parameters",
                    test_parameters_output);
    return g_test_run();
}
