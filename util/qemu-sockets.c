/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Parsing and printing of socket addresses (see include/qemu/sockets.h).
 *
 * The option syntax after "HOST:PORT" follows QEMU's QemuOpts rules,
 * which QEMU's own inet_parse() uses: comma-separated "key=value"
 * items, ",," for a literal comma, a bare "key" meaning key=on and
 * "nokey" meaning key=off.  Items are checked in order and the first
 * bad one is reported; a repeated key keeps its last value.
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qapi/util.h"
#include "qemu/cutils.h"
#include "qemu/sockets.h"

/* The longest CID or port QEMU accepts in "vsock:CID:PORT". */
#define VSOCK_FIELD_MAX 32

/*
 * Copy the item starting at @p up to the next single comma into a new
 * string, turning ",," into ",".  Returns the position of the comma
 * that ends the item (or of the terminating NUL).
 */
static const char *opt_item_value(const char *p, char **value)
{
    GString *out = g_string_new(NULL);

    for (;;) {
        const char *comma = strchrnul(p, ',');

        g_string_append_len(out, p, comma - p);
        if (comma[0] == ',' && comma[1] == ',') {
            g_string_append_c(out, ',');
            p = comma + 2;
            continue;
        }
        *value = g_string_free(out, false);
        return comma;
    }
}

typedef enum InetOptKind {
    INET_OPT_BOOL,
    INET_OPT_NUMBER,
} InetOptKind;

/* The options an inet address accepts, as a table of setters. */
typedef struct InetOptDesc {
    const char *name;
    InetOptKind kind;
    uint64_t max;                    /* INET_OPT_NUMBER only */
    size_t has_offset;
    size_t value_offset;
} InetOptDesc;

#define INET_OPT(n, k, m, field)                                              \
    { n, k, m, offsetof(InetSocketAddress, has_##field),                     \
      offsetof(InetSocketAddress, field) }

static const InetOptDesc inet_opts[] = {
    INET_OPT("numeric", INET_OPT_BOOL, 0, numeric),
    INET_OPT("to", INET_OPT_NUMBER, UINT16_MAX, to),
    INET_OPT("ipv4", INET_OPT_BOOL, 0, ipv4),
    INET_OPT("ipv6", INET_OPT_BOOL, 0, ipv6),
    INET_OPT("keep-alive", INET_OPT_BOOL, 0, keep_alive),
    INET_OPT("keep-alive-count", INET_OPT_NUMBER, UINT32_MAX,
             keep_alive_count),
    INET_OPT("keep-alive-idle", INET_OPT_NUMBER, UINT32_MAX,
             keep_alive_idle),
    INET_OPT("keep-alive-interval", INET_OPT_NUMBER, UINT32_MAX,
             keep_alive_interval),
    INET_OPT("mptcp", INET_OPT_BOOL, 0, mptcp),
};

static const InetOptDesc *inet_opt_find(const char *name)
{
    for (size_t i = 0; i < ARRAY_SIZE(inet_opts); i++) {
        if (!strcmp(inet_opts[i].name, name)) {
            return &inet_opts[i];
        }
    }
    return NULL;
}

/*
 * Parse a number option the way QEMU's option parser does (any base
 * strtoull() accepts), then check it fits the member's C type.  QEMU
 * itself truncates values that do not fit; we refuse them.
 */
static bool inet_opt_number(const InetOptDesc *desc, const char *value,
                            uint64_t *out, Error **errp)
{
    int ret = qemu_strtou64(value, NULL, 0, out);

    if (ret == -ERANGE) {
        error_setg(errp, "Value '%s' is too large for parameter '%s'",
                   value, desc->name);
        return false;
    }
    if (ret < 0) {
        error_setg(errp, "Parameter '%s' expects a number", desc->name);
        return false;
    }
    if (*out > desc->max) {
        error_setg(errp, "Parameter '%s' expects a value between 0 and %"
                   PRIu64, desc->name, desc->max);
        return false;
    }
    return true;
}

static bool inet_opt_apply(InetSocketAddress *addr, const char *name,
                           const char *value, Error **errp)
{
    const InetOptDesc *desc = inet_opt_find(name);
    char *base = (char *)addr;
    uint64_t num;

    if (!desc) {
        error_setg(errp, "Invalid parameter '%s'", name);
        return false;
    }
    if (desc->kind == INET_OPT_BOOL) {
        if (!qapi_bool_parse(name, value, (bool *)(base + desc->value_offset),
                             errp)) {
            return false;
        }
    } else {
        if (!inet_opt_number(desc, value, &num, errp)) {
            return false;
        }
        if (desc->max == UINT16_MAX) {
            *(uint16_t *)(base + desc->value_offset) = num;
        } else {
            *(uint32_t *)(base + desc->value_offset) = num;
        }
    }
    *(bool *)(base + desc->has_offset) = true;
    return true;
}

/*
 * Split "HOST:PORT" (or "[V6HOST]:PORT") into addr->host and
 * addr->port.
 */
static bool inet_split_host_port(InetSocketAddress *addr, const char *hp,
                                 Error **errp)
{
    const char *sep;

    if (hp[0] == '[') {
        /* Needs a non-empty host in brackets and a non-empty port. */
        sep = strstr(hp, "]:");
        if (!sep || sep - hp < 2 || strlen(sep) < 3) {
            error_setg(errp, "error parsing IPv6 address '%s'", hp);
            return false;
        }
        addr->host = g_strndup(hp + 1, sep - hp - 1);
        addr->port = g_strdup(sep + 2);
        return true;
    }

    /* The first colon ends the host; the port must not be empty. */
    sep = strchr(hp, ':');
    if (!sep || sep[1] == '\0') {
        error_setg(errp, "error parsing address '%s'", hp);
        return false;
    }
    addr->host = g_strndup(hp, sep - hp);
    addr->port = g_strdup(sep + 1);
    return true;
}

bool inet_parse(InetSocketAddress *addr, const char *str, Error **errp)
{
    g_autofree char *hostport = NULL;
    const char *p = str;
    bool first = true;

    memset(addr, 0, sizeof(*addr));

    /*
     * First pass over the items: the options go straight into @addr,
     * the address itself is kept for the end, as QEMU checks all
     * options before looking at the address.
     */
    while (*p) {
        size_t keylen = strcspn(p, "=,");
        g_autofree char *key = NULL;
        g_autofree char *value = NULL;

        if (p[keylen] == '=') {
            key = g_strndup(p, keylen);
            p = opt_item_value(p + keylen + 1, &value);
        } else if (first) {
            /* An item without '=' in first place is the address. */
            key = g_strdup("addr");
            p = opt_item_value(p, &value);
        } else {
            /* A bare flag: "key" is key=on, "nokey" is key=off. */
            p = opt_item_value(p, &key);
            if (g_str_has_prefix(key, "no")) {
                char *stripped = g_strdup(key + 2);

                g_free(key);
                key = stripped;
                value = g_strdup("off");
            } else {
                value = g_strdup("on");
            }
        }
        first = false;
        if (*p == ',') {
            p++;
        }

        if (!strcmp(key, "addr")) {
            g_free(hostport);
            hostport = g_steal_pointer(&value);
        } else if (!inet_opt_apply(addr, key, value, errp)) {
            goto fail;
        }
    }

    if (!hostport) {
        error_setg(errp, "error parsing address ''");
        goto fail;
    }
    if (!inet_split_host_port(addr, hostport, errp)) {
        goto fail;
    }
    return true;

fail:
    g_free(addr->host);
    g_free(addr->port);
    memset(addr, 0, sizeof(*addr));
    return false;
}

/* "CID:PORT", each one to VSOCK_FIELD_MAX decimal digits. */
static bool vsock_parse(VsockSocketAddress *addr, const char *str,
                        Error **errp)
{
    size_t cid_len = strspn(str, "0123456789");
    size_t port_len;
    const char *port;

    if (cid_len > VSOCK_FIELD_MAX) {
        cid_len = VSOCK_FIELD_MAX;
    }
    port = str + cid_len + 1;
    if (cid_len == 0 || str[cid_len] != ':' ||
        (port_len = strspn(port, "0123456789")) == 0) {
        error_setg(errp, "error parsing address '%s'", str);
        return false;
    }
    if (port_len > VSOCK_FIELD_MAX || port[port_len] != '\0') {
        error_setg(errp, "trailing characters in address '%s'", str);
        return false;
    }
    addr->cid = g_strndup(str, cid_len);
    addr->port = g_strdup(port);
    return true;
}

/*
 * Strip trailing ",abstract[=on|off]" and ",tight[=on|off]" items from
 * the Unix path in @path (modified in place).  Any other item is taken
 * to be part of the path, which may itself contain commas.
 */
static bool unix_parse_options(UnixSocketAddress *addr, char *path,
                               Error **errp)
{
    char *comma;

    while ((comma = strrchr(path, ','))) {
        const char *item = comma + 1;
        size_t keylen = strcspn(item, "=");
        const char *value = item[keylen] == '=' ? item + keylen + 1 : "on";
        bool *has, *val;

        if (keylen == strlen("abstract") && !strncmp(item, "abstract", 8)) {
            has = &addr->has_abstract;
            val = &addr->abstract;
        } else if (keylen == strlen("tight") && !strncmp(item, "tight", 5)) {
            has = &addr->has_tight;
            val = &addr->tight;
        } else {
            break;
        }
        /* The rightmost occurrence is the one that counts. */
        if (!*has) {
            g_autofree char *key = g_strndup(item, keylen);

            if (!qapi_bool_parse(key, value, val, errp)) {
                return false;
            }
            *has = true;
        }
        *comma = '\0';
    }
    return true;
}

SocketAddress *socket_parse(const char *str, Error **errp)
{
    g_autoptr(SocketAddress) addr = g_new0(SocketAddress, 1);
    const char *rest;

    if (strstart(str, "unix:", &rest)) {
        g_autofree char *path = g_strdup(rest);

        addr->type = SOCKET_ADDRESS_TYPE_UNIX;
        if (!unix_parse_options(&addr->u.q_unix, path, errp)) {
            return NULL;
        }
        if (path[0] == '\0') {
            error_setg(errp, "invalid Unix socket address");
            return NULL;
        }
        addr->u.q_unix.path = g_steal_pointer(&path);
    } else if (strstart(str, "fd:", &rest)) {
        if (rest[0] == '\0') {
            error_setg(errp, "invalid file descriptor address");
            return NULL;
        }
        addr->type = SOCKET_ADDRESS_TYPE_FD;
        addr->u.fd.str = g_strdup(rest);
    } else if (strstart(str, "vsock:", &rest)) {
        addr->type = SOCKET_ADDRESS_TYPE_VSOCK;
        if (!vsock_parse(&addr->u.vsock, rest, errp)) {
            return NULL;
        }
    } else {
        /* "tcp:" is optional: anything else is HOST:PORT. */
        if (!strstart(str, "tcp:", &rest)) {
            rest = str;
        }
        addr->type = SOCKET_ADDRESS_TYPE_INET;
        if (!inet_parse(&addr->u.inet, rest, errp)) {
            return NULL;
        }
    }
    return g_steal_pointer(&addr);
}

char *socket_address_to_string(const SocketAddress *addr)
{
    switch (addr->type) {
    case SOCKET_ADDRESS_TYPE_INET:
        return g_strdup_printf("tcp:%s:%s", addr->u.inet.host,
                               addr->u.inet.port);
    case SOCKET_ADDRESS_TYPE_UNIX:
        return g_strdup_printf("unix:%s", addr->u.q_unix.path);
    case SOCKET_ADDRESS_TYPE_VSOCK:
        return g_strdup_printf("vsock:%s:%s", addr->u.vsock.cid,
                               addr->u.vsock.port);
    case SOCKET_ADDRESS_TYPE_FD:
        return g_strdup_printf("fd:%s", addr->u.fd.str);
    default:
        return g_strdup("unknown address type");
    }
}
