/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Unit tests for the migration options: defaults, compat and -global,
 * the migrate-set/query commands, the start-up check, HMP text.
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qapi/qobject-conv.h"
#include "qapi/qapi-commands-migration.h"
#include "qapi/qapi-conv-migration.h"
#include "qemu/error-report.h"
#include "qobject/qdict.h"
#include "qobject/qjson.h"
#include "qom/globals.h"
#include "system/runstate.h"
#include "migration/misc.h"
#include "migration/migration.h"
#include "migration/options.h"
#include "migration/migration-hmp-cmds.h"
#include "migration/postcopy-ram.h"

/*
 * Per-test set-up: no compat, no -global, a fresh migration object.
 * Tests that need globals register them and call start() themselves.
 */
static void start(void)
{
    migration_object_init(&error_abort);
}

static void stop(void)
{
    migration_object_finalize();
    object_reset_globals();
}

/* query-migrate-parameters as compact JSON. */
static char *query_params_json(void)
{
    g_autoptr(MigrationParameters) p = qmp_query_migrate_parameters(
        &error_abort);
    QObject *obj = qapi_to_qobject_MigrationParameters(p);
    GString *json = qobject_to_json(obj);

    qobject_unref(obj);
    return g_string_free(json, false);
}

/* migrate-set-parameters with the JSON object @args, as QMP would. */
static bool set_params(const char *args, Error **errp)
{
    QDict *dict = qobject_to(QDict, qobject_from_json(args, &error_abort));
    MigrateSetParameters p = { 0 };
    bool ok = qapi_members_from_qdict(&qapi_type_MigrateSetParameters, dict,
                                      &p, errp);

    if (ok) {
        Error *err = NULL;

        qmp_migrate_set_parameters(&p, &err);
        ok = !err;
        error_propagate(errp, err);
    }
    qapi_free_members(&qapi_type_MigrateSetParameters, &p);
    qobject_unref(dict);
    return ok;
}

/* migrate-set-capabilities with "capabilities": @list (JSON array). */
static bool set_caps(const char *list, Error **errp)
{
    g_autofree char *args = g_strdup_printf("{'capabilities': %s}", list);
    QDict *dict = qobject_to(QDict, qobject_from_json(args, &error_abort));
    q_obj_migrate_set_capabilities_arg arg = { 0 };
    bool ok = qapi_members_from_qdict(
        &qapi_type_q_obj_migrate_set_capabilities_arg, dict, &arg, errp);

    if (ok) {
        Error *err = NULL;

        qmp_migrate_set_capabilities(arg.capabilities, &err);
        ok = !err;
        error_propagate(errp, err);
    }
    qapi_free_members(&qapi_type_q_obj_migrate_set_capabilities_arg, &arg);
    qobject_unref(dict);
    return ok;
}

/* *@errp must hold an error with @text; it is freed and cleared. */
static void assert_error(Error **errp, const char *text)
{
    g_assert_nonnull(*errp);
    g_assert_cmpstr(error_get_pretty(*errp), ==, text);
    error_free(*errp);
    *errp = NULL;
}

/* The 10.2 default reply, members in QEMU's QDict order. */
static const char default_params_json[] =
    "{\"cpu-throttle-tailslow\": false, \"xbzrle-cache-size\": 67108864, "
    "\"cpu-throttle-initial\": 20, \"announce-max\": 550, "
    "\"direct-io\": false, \"avail-switchover-bandwidth\": 0, "
    "\"zero-page-detection\": \"multifd\", \"multifd-qatzip-level\": 1, "
    "\"multifd-channels\": 2, \"mode\": \"normal\", "
    "\"multifd-zstd-level\": 1, \"announce-initial\": 50, "
    "\"downtime-limit\": 300, \"tls-authz\": \"\", "
    "\"cpr-exec-command\": [], \"vcpu-dirty-limit\": 1, "
    "\"multifd-compression\": \"none\", \"announce-rounds\": 5, "
    "\"announce-step\": 100, \"tls-creds\": \"\", "
    "\"x-vcpu-dirty-limit-period\": 1000, \"multifd-zlib-level\": 1, "
    "\"max-cpu-throttle\": 99, \"max-postcopy-bandwidth\": 0, "
    "\"tls-hostname\": \"\", \"throttle-trigger-threshold\": 50, "
    "\"max-bandwidth\": 134217728, \"x-checkpoint-delay\": 20000, "
    "\"cpu-throttle-increment\": 10}";

/* `info migrate_parameters` of a fresh 10.2 process. */
static const char default_params_hmp[] =
    "announce-initial: 50 ms\n"
    "announce-max: 550 ms\n"
    "announce-rounds: 5\n"
    "announce-step: 100 ms\n"
    "throttle-trigger-threshold: 50\n"
    "cpu-throttle-initial: 20\n"
    "cpu-throttle-increment: 10\n"
    "cpu-throttle-tailslow: off\n"
    "max-cpu-throttle: 99\n"
    "tls-creds: ''\n"
    "tls-hostname: ''\n"
    "tls-authz: ''\n"
    "max-bandwidth: 134217728 bytes/second\n"
    "avail-switchover-bandwidth: 0 bytes/second\n"
    "max-postcopy-bandwidth: 0 bytes/second\n"
    "downtime-limit: 300 ms\n"
    "x-checkpoint-delay: 20000 ms\n"
    "multifd-channels: 2\n"
    "multifd-compression: none\n"
    "zero-page-detection: multifd\n"
    "xbzrle-cache-size: 67108864 bytes\n"
    "x-vcpu-dirty-limit-period: 1000 ms\n"
    "vcpu-dirty-limit: 1 MB/s\n"
    "mode: normal\n"
    "direct-io: off\n"
    "cpr-exec-command:\n";

static void test_defaults_json(void)
{
    g_autofree char *json = NULL;

    start();
    json = query_params_json();
    g_assert_cmpstr(json, ==, default_params_json);
    stop();
}

static void test_defaults_caps(void)
{
    g_autoptr(MigrationCapabilityStatusList) caps = NULL;
    MigrationCapabilityStatusList *c;
    int i = 0;

    start();
    caps = qmp_query_migrate_capabilities(&error_abort);
    for (c = caps; c; c = c->next, i++) {
        g_assert_cmpint(c->value->capability, ==, i);
        g_assert_false(c->value->state);
    }
    g_assert_cmpint(i, ==, 22);
    stop();
}

static void test_defaults_accessors(void)
{
    start();
    g_assert_cmpuint(migrate_max_bandwidth(), ==, 128 << 20);
    g_assert_cmpuint(migrate_downtime_limit(), ==, 300);
    g_assert_cmpint(migrate_multifd_channels(), ==, 2);
    g_assert_cmpint(migrate_zero_page_detection(), ==,
                    ZERO_PAGE_DETECTION_MULTIFD);
    g_assert_cmpint(migrate_mode(), ==, MIG_MODE_NORMAL);
    g_assert_false(migrate_multifd());
    g_assert_false(migrate_tls());
    g_assert_cmpstr(migrate_tls_creds(), ==, "");
    g_assert_null(migrate_tls_authz());
    g_assert_true(migrate_send_switchover_start());
    g_assert_true(migrate_store_global_state());
    g_assert_true(migrate_send_configuration());
    g_assert_true(migrate_send_section_footer());
    g_assert_false(migrate_multifd_flush_after_each_section());
    g_assert_true(migrate_multifd_clean_tls_termination());
    g_assert_false(migrate_preempt_pre_7_2());
    g_assert_cmpuint(migrate_clear_bitmap_shift(), ==, 18);
    g_assert_false(migrate_has_block_bitmap_mapping());
    g_assert_null(migrate_cpr_exec_command());
    stop();
}

/* Each entry: arguments, the error QEMU 10.2 gives. */
static const struct {
    const char *args;
    const char *error;
} param_errors[] = {
    { "{'throttle-trigger-threshold': 0}",
      "Parameter 'throttle_trigger_threshold' expects an integer in the "
      "range of 1 to 100" },
    { "{'throttle-trigger-threshold': 101}",
      "Parameter 'throttle_trigger_threshold' expects an integer in the "
      "range of 1 to 100" },
    { "{'cpu-throttle-initial': 0}",
      "Parameter 'cpu_throttle_initial' expects an integer in the range of "
      "1 to 99" },
    { "{'cpu-throttle-initial': 100}",
      "Parameter 'cpu_throttle_initial' expects an integer in the range of "
      "1 to 99" },
    { "{'cpu-throttle-increment': 100}",
      "Parameter 'cpu_throttle_increment' expects an integer in the range "
      "of 1 to 99" },
    { "{'downtime-limit': 2000001}",
      "Parameter 'downtime_limit' expects an integer in the range of 0 to "
      "(2000 * 1000) ms" },
    { "{'multifd-channels': 0}",
      "Parameter 'multifd_channels' expects a value between 1 and 255" },
    { "{'multifd-channels': 256}",
      "Parameter 'multifd-channels' expects uint8_t" },
    { "{'multifd-zlib-level': 10}",
      "Parameter 'multifd_zlib_level' expects a value between 0 and 9" },
    { "{'multifd-qatzip-level': 0}",
      "Parameter 'multifd_qatzip_level' expects a value between 1 and 9" },
    { "{'multifd-qatzip-level': 10}",
      "Parameter 'multifd_qatzip_level' expects a value between 1 and 9" },
    { "{'multifd-zstd-level': 21}",
      "Parameter 'multifd_zstd_level' expects a value between 0 and 20" },
    { "{'xbzrle-cache-size': 4095}",
      "Parameter 'xbzrle_cache_size' expects a power of two no less than "
      "the target page size" },
    { "{'xbzrle-cache-size': 12288}",
      "Parameter 'xbzrle_cache_size' expects a power of two no less than "
      "the target page size" },
    { "{'max-cpu-throttle': 100}",
      "Parameter 'max_cpu_throttle' expects an integer in the range of "
      "cpu_throttle_initial to 99" },
    { "{'cpu-throttle-initial': 50, 'max-cpu-throttle': 40}",
      "Parameter 'max_cpu_throttle' expects an integer in the range of "
      "cpu_throttle_initial to 99" },
    { "{'announce-initial': 100001}",
      "Parameter 'announce_initial' expects a value between 0 and 100000" },
    { "{'announce-max': 100001}",
      "Parameter 'announce_max' expects a value between 0 and 100000" },
    { "{'announce-rounds': 1001}",
      "Parameter 'announce_rounds' expects a value between 0 and 1000" },
    { "{'announce-step': 0}",
      "Parameter 'announce_step' expects a value between 0 and 10000" },
    { "{'announce-step': 10001}",
      "Parameter 'announce_step' expects a value between 0 and 10000" },
    { "{'x-vcpu-dirty-limit-period': 0}",
      "Parameter 'x-vcpu-dirty-limit-period' expects a value between 1 and "
      "1000" },
    { "{'x-vcpu-dirty-limit-period': 1001}",
      "Parameter 'x-vcpu-dirty-limit-period' expects a value between 1 and "
      "1000" },
    { "{'vcpu-dirty-limit': 0}",
      "Parameter 'vcpu_dirty_limit' must be greater than 1 MB/s" },
    { "{'multifd-compression': 'lz4'}",
      "Parameter 'multifd-compression' does not accept value 'lz4'" },
    { "{'max-bandwidth': 'fast'}",
      "Parameter 'max-bandwidth' expects uint64" },
    { "{'compress-level': 1}",
      "Parameter 'compress-level' is unexpected" },
    { "{'tls-creds': 1}",
      "Invalid parameter type for 'tls-creds', expected: StrOrNull" },
    { "{'block-bitmap-mapping': [{'node-name': 'n', 'alias': '1a', "
      "'bitmaps': []}]}",
      "Invalid mapping given for block-bitmap-mapping: The node alias '1a' "
      "is not well-formed" },
    { "{'block-bitmap-mapping': [{'node-name': 'n', 'alias': 'a', "
      "'bitmaps': []}, {'node-name': 'n', 'alias': 'b', 'bitmaps': []}]}",
      "Invalid mapping given for block-bitmap-mapping: The node name 'n' is "
      "mapped twice" },
    { "{'block-bitmap-mapping': [{'node-name': 'n', 'alias': 'a', "
      "'bitmaps': []}, {'node-name': 'm', 'alias': 'a', 'bitmaps': []}]}",
      "Invalid mapping given for block-bitmap-mapping: The node alias 'a' is "
      "used twice" },
    { "{'block-bitmap-mapping': [{'node-name': 'n', 'alias': 'a', "
      "'bitmaps': [{'name': 'b', 'alias': 'x'}, {'name': 'b', 'alias': "
      "'y'}]}]}",
      "Invalid mapping given for block-bitmap-mapping: The bitmap 'n'/'b' is "
      "mapped twice" },
    { "{'block-bitmap-mapping': [{'node-name': 'n', 'alias': 'a', "
      "'bitmaps': [{'name': 'b', 'alias': 'x'}, {'name': 'c', 'alias': "
      "'x'}]}]}",
      "Invalid mapping given for block-bitmap-mapping: The bitmap alias "
      "'a'/'x' is used twice" },
    { "{'block-bitmap-mapping': [{'node-name': "
      "'nnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnn', 'alias': 'a', 'bitmaps': []}]}",
      "Invalid mapping given for block-bitmap-mapping: The node name "
      "'nnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnn' is longer than 31 bytes" },
};

static void test_param_errors(void)
{
    start();
    for (size_t i = 0; i < G_N_ELEMENTS(param_errors); i++) {
        Error *err = NULL;
        g_autofree char *json = NULL;

        g_test_message("%s", param_errors[i].args);
        g_assert_false(set_params(param_errors[i].args, &err));
        assert_error(&err, param_errors[i].error);
        /* Nothing was applied. */
        json = query_params_json();
        g_assert_cmpstr(json, ==, default_params_json);
    }
    stop();
}

static void test_param_no_partial_apply(void)
{
    Error *err = NULL;
    g_autofree char *json = NULL;

    start();
    g_assert_false(set_params("{'max-bandwidth': 1000, 'downtime-limit': 1,"
                              " 'multifd-channels': 0}", &err));
    assert_error(&err, "Parameter 'multifd_channels' expects a value between "
                 "1 and 255");
    json = query_params_json();
    g_assert_cmpstr(json, ==, default_params_json);
    stop();
}

static void test_param_edges(void)
{
    start();
    /* The limits themselves are accepted. */
    g_assert_true(set_params(
        "{'downtime-limit': 2000000, 'announce-step': 10000, "
        "'announce-max': 100000, 'announce-rounds': 1000, "
        "'announce-initial': 0, 'multifd-channels': 255, "
        "'multifd-zstd-level': 20, 'multifd-zlib-level': 0, "
        "'xbzrle-cache-size': 4096, 'throttle-trigger-threshold': 100, "
        "'x-vcpu-dirty-limit-period': 1}", &error_abort));
    /* libvirt's "unlimited" bandwidth. */
    g_assert_true(set_params("{'max-bandwidth': 9223372036853727232}",
                             &error_abort));
    g_assert_cmpuint(migrate_max_bandwidth(), ==, 9223372036853727232ULL);
    /* Negative numbers wrap for unsigned members, as in QEMU. */
    g_assert_true(set_params("{'max-postcopy-bandwidth': -1}",
                             &error_abort));
    g_assert_cmpuint(migrate_max_postcopy_bandwidth(), ==, UINT64_MAX);
    stop();
}

/* Every member, set away from its default. */
static const char round_trip_args[] =
    "{'announce-initial': 10, 'announce-max': 20, 'announce-rounds': 3,"
    " 'announce-step': 7, 'throttle-trigger-threshold': 60,"
    " 'cpu-throttle-initial': 30, 'cpu-throttle-increment': 5,"
    " 'cpu-throttle-tailslow': true, 'tls-creds': 'tls0',"
    " 'tls-hostname': 'host', 'tls-authz': 'authz0',"
    " 'max-bandwidth': 1048576, 'avail-switchover-bandwidth': 2048,"
    " 'downtime-limit': 500, 'x-checkpoint-delay': 100,"
    " 'multifd-channels': 8, 'xbzrle-cache-size': 8192,"
    " 'max-postcopy-bandwidth': 4096, 'max-cpu-throttle': 90,"
    " 'multifd-compression': 'zstd', 'multifd-zlib-level': 9,"
    " 'multifd-qatzip-level': 9, 'multifd-zstd-level': 3,"
    " 'x-vcpu-dirty-limit-period': 500, 'vcpu-dirty-limit': 10,"
    " 'mode': 'cpr-reboot', 'zero-page-detection': 'legacy',"
    " 'direct-io': true, 'cpr-exec-command': ['/bin/qemu', '-S'],"
    " 'block-bitmap-mapping': [{'node-name': 'disk0', 'alias': 'd0',"
    "   'bitmaps': [{'name': 'b0', 'alias': 'a0'}]}]}";

static void test_param_round_trip(void)
{
    QDict *in = qobject_to(QDict, qobject_from_json(round_trip_args,
                                                    &error_abort));
    g_autoptr(MigrationParameters) p = NULL;
    QDict *out;

    start();
    g_assert_true(set_params(round_trip_args, &error_abort));
    p = qmp_query_migrate_parameters(&error_abort);
    out = qobject_to(QDict, qapi_to_qobject_MigrationParameters(p));
    /* The query gives back exactly what was set, member by member. */
    g_assert_cmpuint(out->size, ==, in->size);
    for (const QDictEntry *e = qdict_first(in); e; e = qdict_next(in, e)) {
        g_test_message("%s", e->key);
        g_assert_true(qobject_is_equal(e->value, qdict_get(out, e->key)));
    }
    qobject_unref(in);
    qobject_unref(out);
    /* The accessors see the same values. */
    g_assert_true(migrate_tls());
    g_assert_cmpstr(migrate_tls_authz(), ==, "authz0");
    g_assert_cmpint(migrate_multifd_channels(), ==, 8);
    g_assert_cmpint(migrate_zero_page_detection(), ==,
                    ZERO_PAGE_DETECTION_LEGACY);
    g_assert_false(migrate_direct_io());   /* needs mapped-ram + multifd */
    g_assert_true(migrate_has_block_bitmap_mapping());
    /* Setting one member leaves the others alone. */
    g_assert_true(set_params("{'multifd-channels': 4}", &error_abort));
    g_assert_cmpint(migrate_multifd_channels(), ==, 4);
    g_assert_cmpuint(migrate_downtime_limit(), ==, 500);
    g_assert_cmpstr(migrate_tls_creds(), ==, "tls0");
    stop();
}

static void test_param_str_or_null(void)
{
    g_autoptr(MigrationParameters) p = NULL;

    start();
    g_assert_true(set_params("{'tls-creds': 'c', 'tls-hostname': 'h', "
                             "'tls-authz': 'a'}", &error_abort));
    g_assert_true(set_params("{'tls-creds': null, 'tls-hostname': null, "
                             "'tls-authz': null}", &error_abort));
    p = qmp_query_migrate_parameters(&error_abort);
    g_assert_cmpstr(p->tls_creds, ==, "");
    g_assert_cmpstr(p->tls_hostname, ==, "");
    g_assert_cmpstr(p->tls_authz, ==, "");
    g_assert_false(migrate_tls());
    g_assert_null(migrate_tls_authz());
    stop();
}

static void test_param_cross_checks(void)
{
    Error *err = NULL;

    start();
    g_assert_true(set_caps("[{'capability': 'multifd', 'state': true}, "
                           "{'capability': 'zero-copy-send', "
                           "'state': true}]", &error_abort));
    g_assert_false(set_params("{'multifd-compression': 'zlib'}", &err));
    assert_error(&err, "Zero copy only available for non-compressed non-TLS "
                 "multifd migration");
    g_assert_false(set_params("{'tls-creds': 'tls0'}", &err));
    assert_error(&err, "Zero copy only available for non-compressed non-TLS "
                 "multifd migration");
    /* An empty tls-creds is no TLS. */
    g_assert_true(set_params("{'tls-creds': ''}", &error_abort));
    g_assert_true(set_caps("[{'capability': 'zero-copy-send', "
                           "'state': false}, {'capability': 'mapped-ram', "
                           "'state': true}]", &error_abort));
    g_assert_false(set_params("{'multifd-compression': 'zstd'}", &err));
    assert_error(&err, "Mapped-ram only available for non-compressed non-TLS "
                 "multifd migration");
    g_assert_false(set_params("{'tls-creds': 'x'}", &err));
    assert_error(&err, "Mapped-ram only available for non-compressed non-TLS "
                 "multifd migration");
    stop();
}

static const struct {
    const char *caps;
    const char *error;
} cap_errors[] = {
    { "[{'capability': 'multifd', 'state': true}, "
      "{'capability': 'xbzrle', 'state': true}]",
      "Multifd is not compatible with xbzrle" },
    { "[{'capability': 'postcopy-ram', 'state': true}, "
      "{'capability': 'x-ignore-shared', 'state': true}]",
      "Postcopy is not compatible with ignore-shared" },
    { "[{'capability': 'postcopy-preempt', 'state': true}]",
      "Postcopy preempt requires postcopy-ram" },
    { "[{'capability': 'switchover-ack', 'state': true}]",
      "Capability 'switchover-ack' requires capability 'return-path'" },
    { "[{'capability': 'dirty-limit', 'state': true}, "
      "{'capability': 'auto-converge', 'state': true}]",
      "dirty-limit conflicts with auto-converge either of then available "
      "currently" },
    { "[{'capability': 'dirty-limit', 'state': true}]",
      "dirty-limit requires KVM with accelerator property 'dirty-ring-size' "
      "set" },
    { "[{'capability': 'zero-copy-send', 'state': true}]",
      "Zero copy only available for non-compressed non-TLS multifd "
      "migration" },
    { "[{'capability': 'zero-copy-send', 'state': true}, "
      "{'capability': 'multifd', 'state': true}, "
      "{'capability': 'xbzrle', 'state': true}]",
      "Zero copy only available for non-compressed non-TLS multifd "
      "migration" },
    { "[{'capability': 'mapped-ram', 'state': true}, "
      "{'capability': 'xbzrle', 'state': true}]",
      "Mapped-ram migration is incompatible with xbzrle" },
    { "[{'capability': 'mapped-ram', 'state': true}, "
      "{'capability': 'postcopy-ram', 'state': true}]",
      "Mapped-ram migration is incompatible with postcopy" },
    { "[{'capability': 'x-colo', 'state': true}]",
      "QEMU compiled without replication module can't enable COLO" },
    { "[{'capability': 'compress', 'state': true}]",
      "Parameter 'capability' does not accept value 'compress'" },
    { "[{'capability': 'block', 'state': true}]",
      "Parameter 'capability' does not accept value 'block'" },
    { "[{'capability': 'events'}]",
      "Parameter 'capabilities[0].state' is missing" },
    { "[{'capability': 'events', 'state': 'on'}]",
      "Invalid parameter type for 'capabilities[0].state', expected: "
      "boolean" },
};

static void test_cap_errors(void)
{
    start();
    for (size_t i = 0; i < G_N_ELEMENTS(cap_errors); i++) {
        Error *err = NULL;

        g_test_message("%s", cap_errors[i].caps);
        g_assert_false(set_caps(cap_errors[i].caps, &err));
        assert_error(&err, cap_errors[i].error);
        for (int c = 0; c < MIGRATION_CAPABILITY__MAX; c++) {
            g_assert_false(migrate_get_current()->capabilities[c]);
        }
    }
    stop();
}

static void test_cap_combinations_ok(void)
{
    Error *err = NULL;

    start();
    /* postcopy + multifd is fine since 10.0; so are the usual libvirt sets */
    g_assert_true(set_caps("[{'capability': 'postcopy-ram', 'state': true},"
                           " {'capability': 'multifd', 'state': true},"
                           " {'capability': 'postcopy-preempt', "
                           "'state': true}, {'capability': 'events', "
                           "'state': true}, {'capability': 'return-path', "
                           "'state': true}, {'capability': 'switchover-ack',"
                           " 'state': true}, {'capability': "
                           "'pause-before-switchover', 'state': true}]",
                           &error_abort));
    g_assert_true(migrate_postcopy_ram() && migrate_multifd());
    g_assert_true(migrate_postcopy_preempt() && migrate_events());
    g_assert_true(migrate_switchover_ack() && migrate_return_path());
    g_assert_true(migrate_pause_before_switchover());
    g_assert_true(migrate_postcopy());
    /* Checked against the merged set: dropping return-path breaks ack. */
    g_assert_false(set_caps("[{'capability': 'return-path', "
                            "'state': false}]", &err));
    assert_error(&err, "Capability 'switchover-ack' requires capability "
                 "'return-path'");
    g_assert_true(migrate_return_path());
    /* The last entry for a capability wins. */
    g_assert_true(set_caps("[{'capability': 'events', 'state': true},"
                           " {'capability': 'events', 'state': false}]",
                           &error_abort));
    g_assert_false(migrate_events());
    stop();
}

static void test_cap_incoming_started(void)
{
    Error *err = NULL;

    start();
    g_assert_true(set_caps("[{'capability': 'postcopy-ram', "
                           "'state': true}]", &error_abort));
    migration_incoming_set_started(true);
    g_assert_false(set_caps("[{'capability': 'multifd', 'state': true}]",
                            &err));
    assert_error(&err, "Multifd must be set before incoming starts");
    g_assert_false(set_caps("[{'capability': 'postcopy-preempt', "
                            "'state': true}]", &err));
    assert_error(&err, "Postcopy preempt must be set before incoming starts");
    migration_incoming_set_started(false);
    g_assert_true(set_caps("[{'capability': 'multifd', 'state': true}, "
                           "{'capability': 'postcopy-preempt', "
                           "'state': true}]", &error_abort));
    /* Already on before incoming started: still accepted afterwards. */
    migration_incoming_set_started(true);
    g_assert_true(set_caps("[{'capability': 'multifd', 'state': true}]",
                           &error_abort));
    stop();
}

static void capture(void *opaque, const char *text)
{
    g_string_append(opaque, text);
}

static void test_cap_zero_blocks_warning(void)
{
    g_autoptr(GString) out = g_string_new(NULL);
    ErrorSinkFunc *old_fn;
    void *old_opaque;

    start();
    error_set_sink(capture, out, &old_fn, &old_opaque);
    g_assert_true(set_caps("[{'capability': 'zero-blocks', 'state': true}]",
                           &error_abort));
    error_set_sink(old_fn, old_opaque, NULL, NULL);
    g_assert_nonnull(strstr(out->str,
                            "warning: zero-blocks capability is deprecated"));
    g_assert_true(migrate_zero_blocks());
    stop();
}

static void test_cap_background_snapshot(void)
{
    Error *err = NULL;

    start();
    if (!postcopy_ram_write_tracking_available()) {
        g_assert_false(set_caps("[{'capability': 'background-snapshot', "
                                "'state': true}]", &err));
        assert_error(&err, "Background-snapshot is not supported by host "
                     "kernel");
        stop();
        return;
    }
    g_assert_false(set_caps("[{'capability': 'background-snapshot', "
                            "'state': true}, {'capability': 'return-path', "
                            "'state': true}, {'capability': 'xbzrle', "
                            "'state': true}]", &err));
    /* The first conflict in QEMU's list order is named. */
    assert_error(&err, "Background-snapshot is not compatible with "
                 "return-path");
    g_assert_true(set_caps("[{'capability': 'background-snapshot', "
                           "'state': true}]", &error_abort));
    g_assert_true(migrate_background_snapshot());
    stop();
}

static void test_cap_postcopy_destination(void)
{
    Error *local = NULL;
    bool supported = postcopy_ram_supported_by_host(&local);
    Error *err = NULL;

    start();
    runstate_set(RUN_STATE_INMIGRATE);
    if (supported) {
        g_assert_true(set_caps("[{'capability': 'postcopy-ram', "
                               "'state': true}]", &error_abort));
    } else {
        g_autofree char *want = g_strdup_printf(
            "Postcopy is not supported: %s", error_get_pretty(local));

        g_test_message("userfaultfd unusable here: %s",
                       error_get_pretty(local));
        g_assert_false(set_caps("[{'capability': 'postcopy-ram', "
                                "'state': true}]", &err));
        assert_error(&err, want);
    }
    error_free(local);
    runstate_set(RUN_STATE_PRELAUNCH);
    stop();
}

static GlobalProperty compat_8_2[] = {
    { "migration", "zero-page-detection", "legacy" },
};

static GlobalProperty compat_9_2[] = {
    { "migration", "multifd-clean-tls-termination", "false" },
    { "migration", "send-switchover-start", "off" },
};

static void test_compat_machine(void)
{
    g_autofree char *json = NULL;

    /* pc-*-8.2: the 9.2 array (newer) first, then 8.2's own. */
    object_register_compat_props(compat_9_2, G_N_ELEMENTS(compat_9_2));
    object_register_compat_props(compat_8_2, G_N_ELEMENTS(compat_8_2));
    start();
    g_assert_cmpint(migrate_zero_page_detection(), ==,
                    ZERO_PAGE_DETECTION_LEGACY);
    g_assert_false(migrate_send_switchover_start());
    g_assert_false(migrate_multifd_clean_tls_termination());
    json = query_params_json();
    g_assert_nonnull(strstr(json, "\"zero-page-detection\": \"legacy\""));
    g_assert_true(migration_object_check(&error_abort));
    stop();
}

static void test_compat_global_override(void)
{
    object_register_compat_props(compat_8_2, G_N_ELEMENTS(compat_8_2));
    qdev_add_global("migration", "zero-page-detection", "none");
    qdev_add_global("migration", "x-multifd", "on");
    qdev_add_global("migration", "multifd-channels", "16");
    qdev_add_global("migration", "x-max-bandwidth", "1G");
    qdev_add_global("migration", "tls-creds", "tls0");
    qdev_add_global("migration", "tls-authz", "authz0");
    qdev_add_global("migration", "x-clear-bitmap-shift", "20");
    qdev_add_global("migration", "multifd-flush-after-each-section", "on");
    start();
    g_assert_cmpint(migrate_zero_page_detection(), ==,
                    ZERO_PAGE_DETECTION_NONE);
    g_assert_true(migrate_multifd());
    g_assert_cmpint(migrate_multifd_channels(), ==, 16);
    g_assert_cmpuint(migrate_max_bandwidth(), ==, 1ULL << 30);
    g_assert_cmpstr(migrate_tls_creds(), ==, "tls0");
    g_assert_cmpstr(migrate_tls_authz(), ==, "authz0");
    g_assert_cmpuint(migrate_clear_bitmap_shift(), ==, 20);
    g_assert_true(migrate_multifd_flush_after_each_section());
    g_assert_true(migration_object_check(&error_abort));
    stop();
}

static const struct {
    const char *prop, *value, *error;
} bad_globals[] = {
    { "multifd-channels", "300",
      "can't apply global migration.multifd-channels=300: Parameter "
      "'multifd-channels' expects uint8_t" },
    { "zero-page-detection", "sometimes",
      "can't apply global migration.zero-page-detection=sometimes: "
      "Parameter 'zero-page-detection' does not accept value 'sometimes'" },
    { "x-multifd", "maybe",
      "can't apply global migration.x-multifd=maybe: Parameter 'x-multifd' "
      "expects 'on' or 'off'" },
    { "x-dirty-bitmaps", "on",
      "can't apply global migration.x-dirty-bitmaps=on: Property "
      "'migration.x-dirty-bitmaps' not found" },
};

static void test_compat_bad_global(void)
{
    for (size_t i = 0; i < G_N_ELEMENTS(bad_globals); i++) {
        Error *err = NULL;

        qdev_add_global("migration", bad_globals[i].prop,
                        bad_globals[i].value);
        g_assert_false(migration_object_init(&err));
        assert_error(&err, bad_globals[i].error);
        stop();
    }
}

static const struct {
    const char *prop, *value, *error;
} fatal_globals[] = {
    { "x-xbzrle", "on", "Multifd is not compatible with xbzrle" },
    { "multifd-channels", "0",
      "Parameter 'multifd_channels' expects a value between 1 and 255" },
    { "x-downtime-limit", "2000001",
      "Parameter 'downtime_limit' expects an integer in the range of 0 to "
      "(2000 * 1000) ms" },
    { "x-colo", "on",
      "QEMU compiled without replication module can't enable COLO" },
};

static void test_startup_check_fatal(void)
{
    for (size_t i = 0; i < G_N_ELEMENTS(fatal_globals); i++) {
        Error *err = NULL;

        /* x-multifd on makes the x-xbzrle case a combination error */
        qdev_add_global("migration", "x-multifd", "on");
        qdev_add_global("migration", fatal_globals[i].prop,
                        fatal_globals[i].value);
        start();
        g_assert_false(migration_object_check(&err));
        assert_error(&err, fatal_globals[i].error);
        stop();
    }
    start();
    g_assert_true(migration_object_check(&error_abort));
    stop();
}

static void test_hmp_info_defaults(void)
{
    g_autoptr(MigrationParameters) p = NULL;
    g_autoptr(MigrationCapabilityStatusList) caps = NULL;
    g_autofree char *text = NULL;
    g_autofree char *captext = NULL;
    g_autoptr(GString) want = g_string_new(NULL);

    start();
    p = qmp_query_migrate_parameters(&error_abort);
    text = hmp_format_migrate_parameters(p);
    g_assert_cmpstr(text, ==, default_params_hmp);

    caps = qmp_query_migrate_capabilities(&error_abort);
    captext = hmp_format_migrate_capabilities(caps);
    for (int i = 0; i < MIGRATION_CAPABILITY__MAX; i++) {
        g_string_append_printf(want, "%s: off\n",
                               MigrationCapability_str(i));
    }
    g_assert_cmpstr(captext, ==, want->str);
    g_assert_true(g_str_has_prefix(captext, "xbzrle: off\nrdma-pin-all: off\n"
                                   "auto-converge: off\nzero-blocks: off\n"));
    g_assert_true(g_str_has_suffix(captext, "dirty-limit: off\n"
                                   "mapped-ram: off\n"));
    stop();
}

static void test_hmp_info_set_values(void)
{
    g_autoptr(MigrationParameters) p = NULL;
    g_autofree char *text = NULL;

    start();
    g_assert_true(set_params(
        "{'tls-creds': 'tls0', 'cpr-exec-command': ['qemu', '-incoming',"
        " 'defer'], 'block-bitmap-mapping': [{'node-name': 'disk0',"
        " 'alias': 'd0', 'bitmaps': [{'name': 'b0', 'alias': 'a0'},"
        " {'name': 'b1', 'alias': 'a1'}]}], 'cpu-throttle-tailslow': true}",
        &error_abort));
    p = qmp_query_migrate_parameters(&error_abort);
    text = hmp_format_migrate_parameters(p);
    g_assert_nonnull(strstr(text, "cpu-throttle-tailslow: on\n"));
    g_assert_nonnull(strstr(text, "tls-creds: 'tls0'\n"));
    g_assert_nonnull(strstr(text, "xbzrle-cache-size: 67108864 bytes\n"
                            "block-bitmap-mapping:\n"
                            "  'disk0' -> 'd0'\n"
                            "    'b0' -> 'a0'\n"
                            "    'b1' -> 'a1'\n"
                            "x-vcpu-dirty-limit-period: 1000 ms\n"));
    g_assert_true(g_str_has_suffix(text,
                                   "cpr-exec-command: qemu -incoming defer\n"));
    stop();
}

/* migrate_set_parameter through the HMP parser, then the QMP setter. */
static bool hmp_set(const char *param, const char *value, Error **errp)
{
    g_autoptr(MigrateSetParameters) p = NULL;
    Error *err = NULL;

    p = hmp_parse_migrate_parameter(param, value, &err);
    if (p) {
        qmp_migrate_set_parameters(p, &err);
    }
    if (err) {
        error_propagate(errp, err);
        return false;
    }
    return true;
}

/* HMP input and the member it gives in query-migrate-parameters. */
static const struct {
    const char *param, *value, *json;
} hmp_values[] = {
    /* bandwidths default to MiB */
    { "max-bandwidth", "100", "\"max-bandwidth\": 104857600" },
    { "max-bandwidth", "1g", "\"max-bandwidth\": 1073741824" },
    { "max-bandwidth", "512k", "\"max-bandwidth\": 524288" },
    { "max-bandwidth", "8796093022207",
      "\"max-bandwidth\": 9223372036853727232" },
    { "avail-switchover-bandwidth", "2",
      "\"avail-switchover-bandwidth\": 2097152" },
    /* other sizes default to bytes; suffixes work even for ms */
    { "xbzrle-cache-size", "1M", "\"xbzrle-cache-size\": 1048576" },
    { "max-postcopy-bandwidth", "4096", "\"max-postcopy-bandwidth\": 4096" },
    { "downtime-limit", "1k", "\"downtime-limit\": 1024" },
    { "announce-step", "20", "\"announce-step\": 20" },
    { "vcpu-dirty-limit", "5", "\"vcpu-dirty-limit\": 5" },
    { "x-vcpu-dirty-limit-period", "0x10",
      "\"x-vcpu-dirty-limit-period\": 16" },
    /* integers, bools, enums, strings */
    { "multifd-channels", "16", "\"multifd-channels\": 16" },
    { "x-checkpoint-delay", "4000000000",
      "\"x-checkpoint-delay\": 4000000000" },
    { "cpu-throttle-tailslow", "yes", "\"cpu-throttle-tailslow\": true" },
    { "cpu-throttle-tailslow", "n", "\"cpu-throttle-tailslow\": false" },
    { "direct-io", "on", "\"direct-io\": true" },
    { "multifd-compression", "zlib", "\"multifd-compression\": \"zlib\"" },
    { "zero-page-detection", "legacy",
      "\"zero-page-detection\": \"legacy\"" },
    { "mode", "cpr-transfer", "\"mode\": \"cpr-transfer\"" },
    { "tls-hostname", "dest.example", "\"tls-hostname\": \"dest.example\"" },
    { "tls-creds", "", "\"tls-creds\": \"\"" },
    { "cpr-exec-command", "a 'b c' d",
      "\"cpr-exec-command\": [\"a\", \"b c\", \"d\"]" },
};

static void test_hmp_parse_ok(void)
{
    start();
    for (size_t i = 0; i < G_N_ELEMENTS(hmp_values); i++) {
        g_autofree char *json = NULL;

        g_test_message("%s %s", hmp_values[i].param, hmp_values[i].value);
        g_assert_true(hmp_set(hmp_values[i].param, hmp_values[i].value,
                              &error_abort));
        json = query_params_json();
        g_assert_nonnull(strstr(json, hmp_values[i].json));
    }
    stop();
}

static const struct {
    const char *param, *value, *error;
} hmp_errors[] = {
    { "no-such-param", "1", "invalid parameter value: no-such-param" },
    { "max-bandwidth", "fast", "Invalid size fast" },
    { "max-bandwidth", "-1", "Invalid size -1" },
    { "max-bandwidth", "8796093022208", "Invalid size 8796093022208" },
    { "max-bandwidth", "1x", "Invalid size 1x" },
    { "avail-switchover-bandwidth", "", "Invalid size " },
    { "xbzrle-cache-size", "9E", "Invalid size 9E" },
    { "xbzrle-cache-size", "big", "Parameter 'xbzrle-cache-size' expects "
      "size" },
    { "downtime-limit", "soon", "Parameter 'downtime-limit' expects size" },
    { "multifd-channels", "300",
      "Parameter 'multifd-channels' expects uint8_t" },
    { "multifd-channels", "two",
      "Parameter 'multifd-channels' expects an uint64 value or range" },
    { "multifd-channels", "0",
      "Parameter 'multifd_channels' expects a value between 1 and 255" },
    { "cpu-throttle-tailslow", "maybe",
      "Parameter 'cpu-throttle-tailslow' expects 'on' or 'off'" },
    { "multifd-compression", "lz4",
      "Parameter 'multifd-compression' does not accept value 'lz4'" },
    { "block-bitmap-mapping", "x",
      "The block-bitmap-mapping parameter can only be set through QMP" },
    { "cpr-exec-command", "'unterminated", NULL },
};

static void test_hmp_parse_errors(void)
{
    g_autofree char *json = NULL;

    start();
    for (size_t i = 0; i < G_N_ELEMENTS(hmp_errors); i++) {
        Error *err = NULL;

        g_test_message("%s %s", hmp_errors[i].param, hmp_errors[i].value);
        g_assert_false(hmp_set(hmp_errors[i].param, hmp_errors[i].value,
                               &err));
        g_assert_nonnull(err);
        if (hmp_errors[i].error) {
            g_assert_cmpstr(error_get_pretty(err), ==, hmp_errors[i].error);
        }
        error_free(err);
    }
    json = query_params_json();
    g_assert_cmpstr(json, ==, default_params_json);
    stop();
}

static void test_incoming_uri(void)
{
    start();
    g_assert_null(migration_incoming_uri());
    migration_set_incoming_uri("defer");
    g_assert_cmpstr(migration_incoming_uri(), ==, "defer");
    migration_set_incoming_uri("tcp:0:4444");
    g_assert_cmpstr(migration_incoming_uri(), ==, "tcp:0:4444");
    g_assert_false(migration_incoming_started());
    g_assert_false(migration_is_running());
    stop();
    g_assert_null(migration_incoming_uri());
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/migration/options/defaults/query-json",
                    test_defaults_json);
    g_test_add_func("/migration/options/defaults/capabilities",
                    test_defaults_caps);
    g_test_add_func("/migration/options/defaults/accessors",
                    test_defaults_accessors);
    g_test_add_func("/migration/options/params/range-errors",
                    test_param_errors);
    g_test_add_func("/migration/options/params/no-partial-apply",
                    test_param_no_partial_apply);
    g_test_add_func("/migration/options/params/edges", test_param_edges);
    g_test_add_func("/migration/options/params/round-trip",
                    test_param_round_trip);
    g_test_add_func("/migration/options/params/str-or-null",
                    test_param_str_or_null);
    g_test_add_func("/migration/options/params/cross-checks",
                    test_param_cross_checks);
    g_test_add_func("/migration/options/caps/errors", test_cap_errors);
    g_test_add_func("/migration/options/caps/combinations",
                    test_cap_combinations_ok);
    g_test_add_func("/migration/options/caps/incoming-started",
                    test_cap_incoming_started);
    g_test_add_func("/migration/options/caps/zero-blocks-warning",
                    test_cap_zero_blocks_warning);
    g_test_add_func("/migration/options/caps/background-snapshot",
                    test_cap_background_snapshot);
    g_test_add_func("/migration/options/caps/postcopy-destination",
                    test_cap_postcopy_destination);
    g_test_add_func("/migration/options/compat/machine",
                    test_compat_machine);
    g_test_add_func("/migration/options/compat/global-override",
                    test_compat_global_override);
    g_test_add_func("/migration/options/compat/bad-global",
                    test_compat_bad_global);
    g_test_add_func("/migration/options/startup/check",
                    test_startup_check_fatal);
    g_test_add_func("/migration/options/hmp/info-defaults",
                    test_hmp_info_defaults);
    g_test_add_func("/migration/options/hmp/info-values",
                    test_hmp_info_set_values);
    g_test_add_func("/migration/options/hmp/parse", test_hmp_parse_ok);
    g_test_add_func("/migration/options/hmp/parse-errors",
                    test_hmp_parse_errors);
    g_test_add_func("/migration/options/incoming-uri", test_incoming_uri);
    return g_test_run();
}
