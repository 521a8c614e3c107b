/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Socket addresses in their textual forms: parsing the strings used by
 * migration URIs, -incoming and chardev options into QAPI SocketAddress
 * values, and printing them back.
 */
#ifndef QEMU_SOCKETS_H
#define QEMU_SOCKETS_H

#include "qapi/qapi-types-sockets.h"

/*
 * inet_parse: fill @addr from "HOST:PORT[,OPTION...]".
 *
 * HOST may be empty (":4444", meaning any address), a name, an IPv4
 * address or an IPv6 address in brackets ("[::1]:4444").  OPTIONs are
 * comma-separated key=value pairs, as in QEMU: to=PORT, numeric, ipv4,
 * ipv6, keep-alive, mptcp (booleans: on/off, yes/no, true/false, y/n;
 * a bare key means on), keep-alive-count, keep-alive-idle and
 * keep-alive-interval (numbers).  A literal comma is written ",,".
 *
 * @addr is overwritten (its old contents are not freed).  On success
 * the caller owns @addr->host and @addr->port, the only members that
 * point to memory (an InetSocketAddress inside a SocketAddress is
 * freed with it).  On failure @addr is left zeroed and @errp is set
 * with QEMU's message for the problem.
 */
bool inet_parse(InetSocketAddress *addr, const char *str, Error **errp);

/*
 * socket_parse: parse a socket address as written in migration URIs:
 *   tcp:HOST:PORT[,OPTION...]   (see inet_parse())
 *   HOST:PORT[,OPTION...]       (the same without the prefix)
 *   unix:PATH[,abstract[=on|off]][,tight[=on|off]]
 *   vsock:CID:PORT
 *   fd:NAME-OR-NUMBER
 *
 * Returns a new SocketAddress (free with qapi_free_SocketAddress()), or
 * NULL with @errp set.
 */
SocketAddress *socket_parse(const char *str, Error **errp);

/*
 * socket_address_to_string: @addr in the form QEMU shows in HMP
 * ("tcp:HOST:PORT", "unix:PATH", "vsock:CID:PORT", "fd:NAME").  Like
 * QEMU, an IPv6 host is printed without brackets, so the result is for
 * display and does not always parse back.  The caller frees the
 * string.
 */
char *socket_address_to_string(const SocketAddress *addr);

#endif /* QEMU_SOCKETS_H */
