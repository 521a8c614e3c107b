/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Migration addresses: URI parsing, the checks on the channels form of
 * migrate / migrate-incoming, and the dispatch to the transports.
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qapi/qapi-conv-migration.h"
#include "qapi/qobject-conv.h"
#include "qemu/sockets.h"
#include "channel.h"
#include "transports.h"
#include "options.h"

static MigrationChannel *channel_new(MigrationAddressType transport)
{
    MigrationChannel *ch = g_new0(MigrationChannel, 1);

    ch->channel_type = MIGRATION_CHANNEL_TYPE_MAIN;
    ch->addr = g_new0(MigrationAddress, 1);
    ch->addr->transport = transport;
    return ch;
}

bool migrate_uri_parse(const char *uri, MigrationChannel **channel,
                       Error **errp)
{
    g_autoptr(MigrationChannel) ch = NULL;

    if (g_str_has_prefix(uri, "exec:")) {
        const char *argv[] = { "/bin/sh", "-c", uri + strlen("exec:") };
        strList **tail;

        ch = channel_new(MIGRATION_ADDRESS_TYPE_EXEC);
        tail = &ch->addr->u.exec.args;
        for (size_t i = 0; i < G_N_ELEMENTS(argv); i++) {
            *tail = g_new0(strList, 1);
            (*tail)->value = g_strdup(argv[i]);
            tail = &(*tail)->next;
        }
    } else if (g_str_has_prefix(uri, "file:")) {
        ch = channel_new(MIGRATION_ADDRESS_TYPE_FILE);
        if (!file_parse_uri(uri + strlen("file:"), &ch->addr->u.file,
                            errp)) {
            return false;
        }
    } else if (g_str_has_prefix(uri, "tcp:") ||
               g_str_has_prefix(uri, "unix:") ||
               g_str_has_prefix(uri, "vsock:") ||
               g_str_has_prefix(uri, "fd:")) {
        SocketAddress *sa = socket_parse(uri, errp);

        if (!sa) {
            return false;
        }
        ch = channel_new(MIGRATION_ADDRESS_TYPE_SOCKET);
        ch->addr->u.socket = *sa;   /* the members move over */
        g_free(sa);
    } else {
        error_setg(errp, "unknown migration protocol: %s", uri);
        return false;
    }
    *channel = g_steal_pointer(&ch);
    return true;
}

MigrationAddress *migrate_address_from_args(const char *uri,
                                            bool has_channels,
                                            MigrationChannelList *channels,
                                            bool incoming, Error **errp)
{
    MigrationChannel *by_type[MIGRATION_CHANNEL_TYPE__MAX] = { NULL };
    g_autoptr(MigrationChannel) parsed = NULL;
    MigrationChannelList *l;

    if (!uri == !has_channels) {
        error_setg(errp, "need either 'uri' or 'channels' argument");
        return NULL;
    }
    if (uri) {
        if (!migrate_uri_parse(uri, &parsed, errp)) {
            return NULL;
        }
        return QAPI_CLONE(MigrationAddress, parsed->addr);
    }
    if (incoming && (!channels || channels->next)) {
        error_setg(errp, "Channel list must have only one entry, "
                   "for type 'main'");
        return NULL;
    }
    for (l = channels; l; l = l->next) {
        MigrationChannelType t = l->value->channel_type;

        if (by_type[t]) {
            error_setg(errp, "Channel list has more than one %s entry",
                       MigrationChannelType_str(t));
            return NULL;
        }
        by_type[t] = l->value;
    }
    if (!by_type[MIGRATION_CHANNEL_TYPE_MAIN]) {
        if (incoming) {
            error_setg(errp, "Channel list must have only one entry, "
                       "for type 'main'");
        } else {
            error_setg(errp, "Channel list has no main entry");
        }
        return NULL;
    }
    if (by_type[MIGRATION_CHANNEL_TYPE_CPR]) {
        error_setg(errp, "Channel type 'cpr' needs migration mode "
                   "'cpr-transfer', which this build does not offer");
        return NULL;
    }
    return QAPI_CLONE(MigrationAddress,
                      by_type[MIGRATION_CHANNEL_TYPE_MAIN]->addr);
}

bool migration_transport_compatible(const MigrationAddress *addr,
                                    Error **errp)
{
    bool multi;

    if (!migrate_multifd() && !migrate_postcopy_preempt()) {
        return true;
    }
    switch (addr->transport) {
    case MIGRATION_ADDRESS_TYPE_SOCKET:
        multi = addr->u.socket.type == SOCKET_ADDRESS_TYPE_INET ||
                addr->u.socket.type == SOCKET_ADDRESS_TYPE_UNIX ||
                addr->u.socket.type == SOCKET_ADDRESS_TYPE_VSOCK;
        break;
    case MIGRATION_ADDRESS_TYPE_FILE:
        multi = migrate_mapped_ram();
        break;
    default:
        multi = false;
        break;
    }
    if (!multi) {
        error_setg(errp, "Migration requires multi-channel URIs (e.g. tcp)");
    }
    return multi;
}

bool migration_connect_outgoing(MigrationState *s,
                                const MigrationAddress *addr, Error **errp)
{
    switch (addr->transport) {
    case MIGRATION_ADDRESS_TYPE_SOCKET:
        if (addr->u.socket.type == SOCKET_ADDRESS_TYPE_FD) {
            return fd_start_outgoing_migration(s, addr->u.socket.u.fd.str,
                                               errp);
        }
        socket_start_outgoing_migration(s, &addr->u.socket);
        return true;
    case MIGRATION_ADDRESS_TYPE_EXEC:
        return exec_start_outgoing_migration(s, addr->u.exec.args, errp);
    case MIGRATION_ADDRESS_TYPE_FILE:
        return file_start_outgoing_migration(s, &addr->u.file, errp);
    case MIGRATION_ADDRESS_TYPE_RDMA:
    default:
        error_setg(errp, "RDMA support is disabled in this binary");
        return false;
    }
}

bool migration_listen_incoming(MigrationIncomingState *mis,
                               const MigrationAddress *addr, Error **errp)
{
    switch (addr->transport) {
    case MIGRATION_ADDRESS_TYPE_SOCKET:
        if (addr->u.socket.type == SOCKET_ADDRESS_TYPE_FD) {
            return fd_start_incoming_migration(mis, addr->u.socket.u.fd.str,
                                               errp);
        }
        return socket_start_incoming_migration(mis, &addr->u.socket, errp);
    case MIGRATION_ADDRESS_TYPE_EXEC:
        return exec_start_incoming_migration(mis, addr->u.exec.args, errp);
    case MIGRATION_ADDRESS_TYPE_FILE:
        return file_start_incoming_migration(mis, &addr->u.file, errp);
    case MIGRATION_ADDRESS_TYPE_RDMA:
    default:
        error_setg(errp, "RDMA support is disabled in this binary");
        return false;
    }
}

void migration_incoming_stop_listening(MigrationIncomingState *mis)
{
    if (mis->listener) {
        qio_net_listener_disconnect(mis->listener);
        qio_net_listener_unref(mis->listener);
        mis->listener = NULL;
    }
}

char *migration_address_to_string(const MigrationAddress *addr)
{
    switch (addr->transport) {
    case MIGRATION_ADDRESS_TYPE_SOCKET:
        return socket_address_to_string(&addr->u.socket);
    case MIGRATION_ADDRESS_TYPE_FILE:
        return g_strdup_printf("file:%s,offset=%" PRIu64,
                               addr->u.file.filename, addr->u.file.offset);
    case MIGRATION_ADDRESS_TYPE_EXEC: {
        GString *str = g_string_new("exec:");

        for (strList *l = addr->u.exec.args; l; l = l->next) {
            g_string_append_printf(str, "%s%s", l->value, l->next ? " " : "");
        }
        return g_string_free(str, false);
    }
    default:
        return g_strdup("rdma:");
    }
}
