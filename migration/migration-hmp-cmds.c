/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The migration HMP commands: info migrate_capabilities,
 * info migrate_parameters, migrate_set_capability, migrate_set_parameter,
 * migrate, migrate_cancel, migrate_continue, migrate_incoming and
 * info migrate.  Text and parsing are here; the monitor core is
 * monitor/hmp.c.
 */
#include "qemu/osdep.h"
#include "qemu/cutils.h"
#include "qapi/error.h"
#include "qapi/qobject-conv.h"
#include "qapi/qapi-commands-migration.h"
#include "qobject/qdict.h"
#include "monitor/hmp.h"
#include "qapi/util.h"
#include "qemu/sockets.h"
#include "migration-hmp-cmds.h"
#include "channel.h"
#include "options.h"

#define PARAM_NAME(p) MigrationParameter_str(MIGRATION_PARAMETER_##p)

static const char *on_off(bool b)
{
    return b ? "on" : "off";
}

static void format_bitmap_mapping(GString *out,
                                  const BitmapMigrationNodeAliasList *l)
{
    g_string_append_printf(out, "%s:\n", PARAM_NAME(BLOCK_BITMAP_MAPPING));
    for (; l; l = l->next) {
        const BitmapMigrationNodeAlias *n = l->value;

        g_string_append_printf(out, "  '%s' -> '%s'\n", n->node_name,
                               n->alias);
        for (const BitmapMigrationBitmapAliasList *b = n->bitmaps; b;
             b = b->next) {
            g_string_append_printf(out, "    '%s' -> '%s'\n",
                                   b->value->name, b->value->alias);
        }
    }
}

char *hmp_format_migrate_parameters(const MigrationParameters *p)
{
    GString *out = g_string_new(NULL);

    g_string_append_printf(out, "%s: %" PRIu64 " ms\n",
                           PARAM_NAME(ANNOUNCE_INITIAL), p->announce_initial);
    g_string_append_printf(out, "%s: %" PRIu64 " ms\n",
                           PARAM_NAME(ANNOUNCE_MAX), p->announce_max);
    g_string_append_printf(out, "%s: %" PRIu64 "\n",
                           PARAM_NAME(ANNOUNCE_ROUNDS), p->announce_rounds);
    g_string_append_printf(out, "%s: %" PRIu64 " ms\n",
                           PARAM_NAME(ANNOUNCE_STEP), p->announce_step);
    g_string_append_printf(out, "%s: %u\n",
                           PARAM_NAME(THROTTLE_TRIGGER_THRESHOLD),
                           p->throttle_trigger_threshold);
    g_string_append_printf(out, "%s: %u\n", PARAM_NAME(CPU_THROTTLE_INITIAL),
                           p->cpu_throttle_initial);
    g_string_append_printf(out, "%s: %u\n",
                           PARAM_NAME(CPU_THROTTLE_INCREMENT),
                           p->cpu_throttle_increment);
    g_string_append_printf(out, "%s: %s\n", PARAM_NAME(CPU_THROTTLE_TAILSLOW),
                           on_off(p->cpu_throttle_tailslow));
    g_string_append_printf(out, "%s: %u\n", PARAM_NAME(MAX_CPU_THROTTLE),
                           p->max_cpu_throttle);
    g_string_append_printf(out, "%s: '%s'\n", PARAM_NAME(TLS_CREDS),
                           p->tls_creds ? p->tls_creds : "");
    g_string_append_printf(out, "%s: '%s'\n", PARAM_NAME(TLS_HOSTNAME),
                           p->tls_hostname ? p->tls_hostname : "");
    g_string_append_printf(out, "%s: '%s'\n", PARAM_NAME(TLS_AUTHZ),
                           p->tls_authz ? p->tls_authz : "");
    g_string_append_printf(out, "%s: %" PRIu64 " bytes/second\n",
                           PARAM_NAME(MAX_BANDWIDTH), p->max_bandwidth);
    g_string_append_printf(out, "%s: %" PRIu64 " bytes/second\n",
                           PARAM_NAME(AVAIL_SWITCHOVER_BANDWIDTH),
                           p->avail_switchover_bandwidth);
    g_string_append_printf(out, "%s: %" PRIu64 " bytes/second\n",
                           PARAM_NAME(MAX_POSTCOPY_BANDWIDTH),
                           p->max_postcopy_bandwidth);
    g_string_append_printf(out, "%s: %" PRIu64 " ms\n",
                           PARAM_NAME(DOWNTIME_LIMIT), p->downtime_limit);
    g_string_append_printf(out, "%s: %u ms\n", PARAM_NAME(X_CHECKPOINT_DELAY),
                           p->x_checkpoint_delay);
    g_string_append_printf(out, "%s: %u\n", PARAM_NAME(MULTIFD_CHANNELS),
                           p->multifd_channels);
    g_string_append_printf(out, "%s: %s\n", PARAM_NAME(MULTIFD_COMPRESSION),
                           MultiFDCompression_str(p->multifd_compression));
    g_string_append_printf(out, "%s: %s\n", PARAM_NAME(ZERO_PAGE_DETECTION),
                           ZeroPageDetection_str(p->zero_page_detection));
    g_string_append_printf(out, "%s: %" PRIu64 " bytes\n",
                           PARAM_NAME(XBZRLE_CACHE_SIZE),
                           p->xbzrle_cache_size);
    if (p->has_block_bitmap_mapping) {
        format_bitmap_mapping(out, p->block_bitmap_mapping);
    }
    g_string_append_printf(out, "%s: %" PRIu64 " ms\n",
                           PARAM_NAME(X_VCPU_DIRTY_LIMIT_PERIOD),
                           p->x_vcpu_dirty_limit_period);
    g_string_append_printf(out, "%s: %" PRIu64 " MB/s\n",
                           PARAM_NAME(VCPU_DIRTY_LIMIT), p->vcpu_dirty_limit);
    g_string_append_printf(out, "%s: %s\n", PARAM_NAME(MODE),
                           MigMode_str(p->mode));
    if (p->has_direct_io) {
        g_string_append_printf(out, "%s: %s\n", PARAM_NAME(DIRECT_IO),
                               on_off(p->direct_io));
    }
    g_string_append_printf(out, "%s:", PARAM_NAME(CPR_EXEC_COMMAND));
    for (const strList *a = p->cpr_exec_command; a; a = a->next) {
        g_string_append_printf(out, " %s", a->value);
    }
    g_string_append_c(out, '\n');
    return g_string_free(out, false);
}

char *hmp_format_migrate_capabilities(
    const MigrationCapabilityStatusList *caps)
{
    GString *out = g_string_new(NULL);

    for (; caps; caps = caps->next) {
        g_string_append_printf(out, "%s: %s\n",
                               MigrationCapability_str(caps->value->capability),
                               on_off(caps->value->state));
    }
    return g_string_free(out, false);
}

/* The member of MigrateSetParameters named @name. */
static const QapiMemberInfo *set_member(const char *name)
{
    const QapiMemberInfo *m = qapi_type_MigrateSetParameters.members;

    while (strcmp(m->name, name)) {
        m++;
        assert(m->name);
    }
    return m;
}

/*
 * A size in MiB unless suffixed, as max-bandwidth takes it; HMP refuses
 * more than INT64_MAX bytes.
 */
static bool parse_bandwidth(const char *value, uint64_t *bytes, Error **errp)
{
    if (qemu_strtosz_MiB(value, NULL, bytes) < 0 || *bytes > INT64_MAX) {
        error_setg(errp, "Invalid size %s", value);
        return false;
    }
    return true;
}

/* cpr-exec-command: the value split like a shell would. */
static bool parse_argv(const char *value, strList **out, Error **errp)
{
    g_auto(GStrv) argv = NULL;
    g_autoptr(GError) gerr = NULL;
    strList **tail = out;

    if (!g_shell_parse_argv(value, NULL, &argv, &gerr)) {
        error_setg(errp, "%s", gerr->message);
        return false;
    }
    for (int i = 0; argv[i]; i++) {
        strList *node = g_new0(strList, 1);

        node->value = g_strdup(argv[i]);
        *tail = node;
        tail = &node->next;
    }
    return true;
}

/*
 * Parse @value into member @m of @p.  Numbers go through the string
 * parser of the member's type, except that unsigned 64-bit members take
 * size suffixes (downtime-limit 1k is 1024 ms, as in QEMU).
 */
static bool parse_member(MigrateSetParameters *p, const QapiMemberInfo *m,
                         MigrationParameter param, const char *value,
                         Error **errp)
{
    void *slot = (char *)p + m->offset;
    const QapiTypeInfo *type = m->type;

    switch (param) {
    case MIGRATION_PARAMETER_BLOCK_BITMAP_MAPPING:
        error_setg(errp, "The block-bitmap-mapping parameter can only be set "
                   "through QMP");
        return false;
    case MIGRATION_PARAMETER_MAX_BANDWIDTH:
    case MIGRATION_PARAMETER_AVAIL_SWITCHOVER_BANDWIDTH:
        return parse_bandwidth(value, slot, errp);
    case MIGRATION_PARAMETER_CPR_EXEC_COMMAND:
        return parse_argv(value, slot, errp);
    case MIGRATION_PARAMETER_TLS_CREDS:
    case MIGRATION_PARAMETER_TLS_HOSTNAME:
    case MIGRATION_PARAMETER_TLS_AUTHZ: {
        StrOrNull *s = g_new0(StrOrNull, 1);

        s->type = QTYPE_QSTRING;
        s->u.s = g_strdup(value);
        *(StrOrNull **)slot = s;
        return true;
    }
    case MIGRATION_PARAMETER_XBZRLE_CACHE_SIZE:
        if (!qapi_from_string(&qapi_type_size, m->name, value, slot, errp)) {
            return false;
        }
        if (*(uint64_t *)slot > INT64_MAX) {
            error_setg(errp, "Invalid size %s", value);
            return false;
        }
        return true;
    default:
        if (type->kind == QAPI_KIND_UINT64) {
            type = &qapi_type_size;
        }
        return qapi_from_string(type, m->name, value, slot, errp);
    }
}

MigrateSetParameters *hmp_parse_migrate_parameter(const char *param,
                                                  const char *value,
                                                  Error **errp)
{
    g_autoptr(MigrateSetParameters) p = g_new0(MigrateSetParameters, 1);
    const QapiMemberInfo *m;
    int val;

    val = qapi_enum_parse(&MigrationParameter_lookup, param, -1, errp);
    if (val < 0) {
        return NULL;
    }
    m = set_member(MigrationParameter_str(val));
    if (!parse_member(p, m, val, value, errp)) {
        return NULL;
    }
    if (m->has_flag) {
        *(bool *)((char *)p + m->has_offset) = true;
    }
    return g_steal_pointer(&p);
}

void hmp_info_migrate_capabilities(Monitor *mon, const QDict *qdict)
{
    g_autoptr(MigrationCapabilityStatusList) caps =
        qmp_query_migrate_capabilities(NULL);
    g_autofree char *text = hmp_format_migrate_capabilities(caps);

    monitor_printf(mon, "%s", text);
}

void hmp_info_migrate_parameters(Monitor *mon, const QDict *qdict)
{
    g_autoptr(MigrationParameters) p = qmp_query_migrate_parameters(NULL);
    g_autofree char *text = hmp_format_migrate_parameters(p);

    monitor_printf(mon, "%s", text);
}

void hmp_migrate_set_capability(Monitor *mon, const QDict *qdict)
{
    const char *name = qdict_get_str(qdict, "capability");
    MigrationCapabilityStatusList caps = { 0 };
    MigrationCapabilityStatus status = {
        .state = qdict_get_bool(qdict, "state"),
    };
    Error *err = NULL;
    int val;

    val = qapi_enum_parse(&MigrationCapability_lookup, name, -1, &err);
    if (val >= 0) {
        status.capability = val;
        caps.value = &status;
        qmp_migrate_set_capabilities(&caps, &err);
    }
    hmp_handle_error(mon, err);
}

void hmp_migrate_set_parameter(Monitor *mon, const QDict *qdict)
{
    g_autoptr(MigrateSetParameters) p = NULL;
    Error *err = NULL;

    p = hmp_parse_migrate_parameter(qdict_get_str(qdict, "parameter"),
                                    qdict_get_str(qdict, "value"), &err);
    if (p) {
        qmp_migrate_set_parameters(p, &err);
    }
    hmp_handle_error(mon, err);
}

/*
 * migrate, migrate_cancel, migrate_continue, migrate_incoming and
 * info migrate (QEMU 10.2 layout).
 */

static void format_ram_info(GString *out, const MigrationStats *ram,
                            const VfioStats *vfio)
{
    g_autofree char *psize = size_to_str(ram->page_size);
    g_autofree char *total = size_to_str(ram->total);
    g_autofree char *transferred = size_to_str(ram->transferred);
    g_autofree char *remaining = size_to_str(ram->remaining);
    g_autofree char *precopy = size_to_str(ram->precopy_bytes);
    g_autofree char *multifd = size_to_str(ram->multifd_bytes);
    g_autofree char *postcopy = size_to_str(ram->postcopy_bytes);

    g_string_append(out, "RAM info:\n");
    g_string_append_printf(out, "  Throughput (Mbps): \t%0.2f\n", ram->mbps);
    g_string_append_printf(out, "  Sizes: \t\tpagesize=%s, total=%s\n",
                           psize, total);
    g_string_append_printf(out, "  Transfers: \t\ttransferred=%s, "
                           "remain=%s\n", transferred, remaining);
    g_string_append_printf(out, "    Channels: \t\tprecopy=%s, multifd=%s, "
                           "postcopy=%s", precopy, multifd, postcopy);
    if (vfio) {
        g_autofree char *v = size_to_str(vfio->transferred);

        g_string_append_printf(out, ", vfio=%s", v);
    }
    g_string_append(out, "\n");
    g_string_append_printf(out, "    Page Types: \tnormal=%" PRIu64
                           ", zero=%" PRIu64 "\n",
                           (uint64_t)ram->normal, (uint64_t)ram->duplicate);
    g_string_append_printf(out, "  Page Rates (pps): \ttransfer=%" PRIu64,
                           ram->pages_per_second);
    if (ram->dirty_pages_rate) {
        g_string_append_printf(out, ", dirty=%" PRIu64,
                               (uint64_t)ram->dirty_pages_rate);
    }
    g_string_append(out, "\n");
    g_string_append_printf(out, "  Others: \t\tdirty_syncs=%" PRIu64,
                           (uint64_t)ram->dirty_sync_count);
    if (ram->postcopy_requests) {
        g_string_append_printf(out, ", postcopy_req=%" PRIu64,
                               (uint64_t)ram->postcopy_requests);
    }
    if (ram->downtime_bytes) {
        g_string_append_printf(out, ", downtime_bytes=%" PRIu64,
                               ram->downtime_bytes);
    }
    if (ram->dirty_sync_missed_zero_copy) {
        g_string_append_printf(out, ", zerocopy_fallbacks=%" PRIu64,
                               ram->dirty_sync_missed_zero_copy);
    }
    g_string_append(out, "\n");
}

static void format_globals(GString *out)
{
    g_string_append(out, "Globals:\n");
    g_string_append_printf(out, "  store-global-state: %s\n",
                           on_off(migrate_store_global_state()));
    g_string_append_printf(out, "  only-migratable: %s\n", on_off(false));
    g_string_append_printf(out, "  send-configuration: %s\n",
                           on_off(migrate_send_configuration()));
    g_string_append_printf(out, "  send-section-footer: %s\n",
                           on_off(migrate_send_section_footer()));
    g_string_append_printf(out, "  send-switchover-start: %s\n",
                           on_off(migrate_send_switchover_start()));
    g_string_append_printf(out, "  clear-bitmap-shift: %u\n",
                           migrate_clear_bitmap_shift());
}

char *hmp_format_migrate_info(const MigrationInfo *info, bool all)
{
    GString *out = g_string_new("");

    if (info->blocked_reasons) {
        g_string_append(out, "Outgoing migration blocked:\n");
        for (strList *l = info->blocked_reasons; l; l = l->next) {
            g_string_append_printf(out, "  %s\n", l->value);
        }
    }
    if (info->has_status) {
        g_string_append_printf(out, "Status: \t\t%s",
                               MigrationStatus_str(info->status));
        if ((info->status == MIGRATION_STATUS_FAILED ||
             info->status == MIGRATION_STATUS_POSTCOPY_PAUSED) &&
            info->error_desc) {
            g_string_append_printf(out, " (%s)", info->error_desc);
        }
        g_string_append(out, "\n");
        if (info->total_time) {
            g_string_append_printf(out, "Time (ms): \t\ttotal=%" PRIu64,
                                   (uint64_t)info->total_time);
            if (info->has_setup_time) {
                g_string_append_printf(out, ", setup=%" PRIu64,
                                       (uint64_t)info->setup_time);
            }
            if (info->has_expected_downtime) {
                g_string_append_printf(out, ", exp_down=%" PRIu64,
                                       (uint64_t)info->expected_downtime);
            }
            if (info->has_downtime) {
                g_string_append_printf(out, ", down=%" PRIu64,
                                       (uint64_t)info->downtime);
            }
            g_string_append(out, "\n");
        }
    }
    if (info->has_socket_address) {
        g_string_append(out, "Sockets: [\n");
        for (SocketAddressList *l = info->socket_address; l; l = l->next) {
            g_autofree char *uri = socket_address_to_string(l->value);

            g_string_append_printf(out, "\t%s\n", uri);
        }
        g_string_append(out, "]\n");
    }
    if (info->ram) {
        format_ram_info(out, info->ram, info->vfio);
    }
    if (all) {
        format_globals(out);
        if (info->has_cpu_throttle_percentage) {
            g_string_append_printf(out, "CPU Throttle (%%): %" PRIu64 "\n",
                                   (uint64_t)info->cpu_throttle_percentage);
        }
    }
    return g_string_free(out, false);
}

void hmp_info_migrate(Monitor *mon, const QDict *qdict)
{
    g_autoptr(MigrationInfo) info = qmp_query_migrate(NULL);
    g_autofree char *text =
        hmp_format_migrate_info(info, qdict_get_try_bool(qdict, "all",
                                                         false));

    monitor_printf(mon, "%s", text);
}

/* The "uri" argument as the one-channel list of migrate(-incoming). */
static MigrationChannelList *hmp_uri_channels(const QDict *qdict,
                                              Error **errp)
{
    MigrationChannel *channel = NULL;
    MigrationChannelList *channels;

    if (!migrate_uri_parse(qdict_get_str(qdict, "uri"), &channel, errp)) {
        return NULL;
    }
    channels = g_new0(MigrationChannelList, 1);
    channels->value = channel;
    return channels;
}

void hmp_migrate(Monitor *mon, const QDict *qdict)
{
    bool detach = qdict_get_try_bool(qdict, "detach", false);
    bool resume = qdict_get_try_bool(qdict, "resume", false);
    MigrationChannelList *channels;
    Error *err = NULL;

    channels = hmp_uri_channels(qdict, &err);
    if (!channels) {
        hmp_handle_error(mon, err);
        return;
    }
    qmp_migrate(NULL, true, channels, false, false, true, resume, &err);
    qapi_free_MigrationChannelList(channels);
    if (err) {
        hmp_handle_error(mon, err);
        return;
    }
    if (!detach) {
        /*
         * Our monitors cannot be suspended while the main loop runs the
         * migration: what QEMU says when its terminal cannot be.
         */
        monitor_printf(mon, "terminal does not allow synchronous "
                       "migration, continuing detached\n");
    }
}

void hmp_migrate_cancel(Monitor *mon, const QDict *qdict)
{
    qmp_migrate_cancel(NULL);
}

void hmp_migrate_continue(Monitor *mon, const QDict *qdict)
{
    const char *state = qdict_get_str(qdict, "state");
    Error *err = NULL;
    int val = qapi_enum_parse(&MigrationStatus_lookup, state, -1, &err);

    if (val >= 0) {
        qmp_migrate_continue(val, &err);
    }
    hmp_handle_error(mon, err);
}

void hmp_migrate_incoming(Monitor *mon, const QDict *qdict)
{
    MigrationChannelList *channels;
    Error *err = NULL;

    channels = hmp_uri_channels(qdict, &err);
    if (!channels) {
        hmp_handle_error(mon, err);
        return;
    }
    /* HMP never exits on a failed load (QEMU: exit-on-error false). */
    qmp_migrate_incoming(NULL, true, channels, true, false, &err);
    qapi_free_MigrationChannelList(channels);
    hmp_handle_error(mon, err);
}
