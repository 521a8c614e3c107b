/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Unit tests of socket address parsing and printing (util/qemu-sockets.c):
 * every textual form, IPv6 brackets, options and QEMU's error texts.
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qemu/sockets.h"

/* Parse @str, which must succeed, and check its type. */
static SocketAddress *parse_ok(const char *str, SocketAddressType type)
{
    Error *err = NULL;
    SocketAddress *addr = socket_parse(str, &err);

    if (err) {
        g_test_message("'%s': %s", str, error_get_pretty(err));
    }
    g_assert_null(err);
    g_assert_nonnull(addr);
    g_assert_cmpint(addr->type, ==, type);
    return addr;
}

/* Parse @str, which must fail with exactly @msg. */
static void parse_err(const char *str, const char *msg)
{
    Error *err = NULL;
    SocketAddress *addr = socket_parse(str, &err);

    g_assert_null(addr);
    g_assert_nonnull(err);
    g_assert_cmpstr(error_get_pretty(err), ==, msg);
    error_free(err);
}

/* Check that no inet option is present. */
static void assert_no_inet_options(const InetSocketAddress *inet)
{
    g_assert_false(inet->has_numeric);
    g_assert_false(inet->has_to);
    g_assert_false(inet->has_ipv4);
    g_assert_false(inet->has_ipv6);
    g_assert_false(inet->has_keep_alive);
    g_assert_false(inet->has_keep_alive_count);
    g_assert_false(inet->has_keep_alive_idle);
    g_assert_false(inet->has_keep_alive_interval);
    g_assert_false(inet->has_mptcp);
}

static void assert_inet(const char *str, const char *host, const char *port)
{
    g_autoptr(SocketAddress) addr = parse_ok(str, SOCKET_ADDRESS_TYPE_INET);

    g_assert_cmpstr(addr->u.inet.host, ==, host);
    g_assert_cmpstr(addr->u.inet.port, ==, port);
    assert_no_inet_options(&addr->u.inet);
}

static void test_inet_forms(void)
{
    assert_inet("tcp:localhost:4444", "localhost", "4444");
    assert_inet("tcp:192.168.1.10:49152", "192.168.1.10", "49152");
    assert_inet("tcp:0:4446", "0", "4446");
    /* Without the "tcp:" prefix. */
    assert_inet("localhost:4444", "localhost", "4444");
    /* Ports may be service names. */
    assert_inet("tcp:example.com:http", "example.com", "http");
}

static void test_inet_empty_host(void)
{
    assert_inet("tcp::4444", "", "4444");
    assert_inet(":4444", "", "4444");
}

static void test_inet_ipv6(void)
{
    assert_inet("tcp:[::1]:4444", "::1", "4444");
    assert_inet("tcp:[::]:49152", "::", "49152");
    assert_inet("[fe80::1%eth0]:1", "fe80::1%eth0", "1");
    /* No brackets: the first colon ends the host, as in QEMU. */
    assert_inet("tcp:::1:4444", "", ":1:4444");
}

static void test_inet_all_options(void)
{
    g_autoptr(SocketAddress) addr = parse_ok(
        "tcp:[::1]:5000,numeric=on,to=5006,ipv4=off,ipv6=on,keep-alive=on,"
        "keep-alive-count=10,keep-alive-idle=60,keep-alive-interval=30,"
        "mptcp=off", SOCKET_ADDRESS_TYPE_INET);
    InetSocketAddress *inet = &addr->u.inet;

    g_assert_cmpstr(inet->host, ==, "::1");
    g_assert_cmpstr(inet->port, ==, "5000");
    g_assert_true(inet->has_numeric && inet->numeric);
    g_assert_true(inet->has_to);
    g_assert_cmpuint(inet->to, ==, 5006);
    g_assert_true(inet->has_ipv4 && !inet->ipv4);
    g_assert_true(inet->has_ipv6 && inet->ipv6);
    g_assert_true(inet->has_keep_alive && inet->keep_alive);
    g_assert_true(inet->has_keep_alive_count);
    g_assert_cmpuint(inet->keep_alive_count, ==, 10);
    g_assert_true(inet->has_keep_alive_idle);
    g_assert_cmpuint(inet->keep_alive_idle, ==, 60);
    g_assert_true(inet->has_keep_alive_interval);
    g_assert_cmpuint(inet->keep_alive_interval, ==, 30);
    g_assert_true(inet->has_mptcp && !inet->mptcp);
}

static void test_inet_option_syntax(void)
{
    g_autoptr(SocketAddress) flags = NULL;
    g_autoptr(SocketAddress) words = NULL;
    g_autoptr(SocketAddress) hex = NULL;
    g_autoptr(SocketAddress) last = NULL;
    g_autoptr(SocketAddress) comma = NULL;
    g_autoptr(SocketAddress) explicit = NULL;

    /* A bare key means on, "no" + key means off. */
    flags = parse_ok("tcp:h:1,ipv6,noipv4,keep-alive",
                     SOCKET_ADDRESS_TYPE_INET);
    g_assert_true(flags->u.inet.has_ipv6 && flags->u.inet.ipv6);
    g_assert_true(flags->u.inet.has_ipv4 && !flags->u.inet.ipv4);
    g_assert_true(flags->u.inet.has_keep_alive && flags->u.inet.keep_alive);

    /* The other spellings of booleans. */
    words = parse_ok("tcp:h:1,ipv4=yes,ipv6=n,numeric=true,mptcp=false",
                     SOCKET_ADDRESS_TYPE_INET);
    g_assert_true(words->u.inet.ipv4);
    g_assert_false(words->u.inet.ipv6);
    g_assert_true(words->u.inet.numeric);
    g_assert_true(words->u.inet.has_mptcp && !words->u.inet.mptcp);

    /* Numbers take any base strtoull() does. */
    hex = parse_ok("tcp:h:1,to=0x10", SOCKET_ADDRESS_TYPE_INET);
    g_assert_cmpuint(hex->u.inet.to, ==, 16);

    /* A repeated key keeps its last value. */
    last = parse_ok("tcp:h:1,to=5,ipv4=on,to=7,ipv4=off",
                    SOCKET_ADDRESS_TYPE_INET);
    g_assert_cmpuint(last->u.inet.to, ==, 7);
    g_assert_false(last->u.inet.ipv4);

    /* ",," is a literal comma; a trailing comma is harmless. */
    comma = parse_ok("tcp:h:a,,b,", SOCKET_ADDRESS_TYPE_INET);
    g_assert_cmpstr(comma->u.inet.port, ==, "a,b");
    assert_no_inet_options(&comma->u.inet);

    /* The address may also be given as addr=. */
    explicit = parse_ok("tcp:ipv6=on,addr=[::1]:9", SOCKET_ADDRESS_TYPE_INET);
    g_assert_cmpstr(explicit->u.inet.host, ==, "::1");
    g_assert_cmpstr(explicit->u.inet.port, ==, "9");
    g_assert_true(explicit->u.inet.ipv6);
}

static void test_inet_errors(void)
{
    parse_err("tcp:", "error parsing address ''");
    parse_err("tcp:,ipv4=on", "error parsing address ''");
    parse_err("tcp:localhost", "error parsing address 'localhost'");
    parse_err("tcp:localhost:", "error parsing address 'localhost:'");
    parse_err("localhost:,to=4", "error parsing address 'localhost:'");
    parse_err("tcp:[::1]", "error parsing IPv6 address '[::1]'");
    parse_err("tcp:[::1]:", "error parsing IPv6 address '[::1]:'");
    parse_err("tcp:[]:4444", "error parsing IPv6 address '[]:4444'");
    parse_err("tcp:[::1:4444", "error parsing IPv6 address '[::1:4444'");
    parse_err("tcp:h:1,bogus=1", "Invalid parameter 'bogus'");
    parse_err("tcp:h:1,=1", "Invalid parameter ''");
    parse_err("tcp:h:1,ipv4=maybe", "Parameter 'ipv4' expects 'on' or 'off'");
    parse_err("tcp:h:1,keep-alive=",
              "Parameter 'keep-alive' expects 'on' or 'off'");
    parse_err("tcp:h:1,to=x", "Parameter 'to' expects a number");
    parse_err("tcp:h:1,to", "Parameter 'to' expects a number");
    parse_err("tcp:h:1,to=99999999999999999999",
              "Value '99999999999999999999' is too large for parameter 'to'");
    parse_err("tcp:h:1,to=65536",
              "Parameter 'to' expects a value between 0 and 65535");
    parse_err("tcp:h:1,keep-alive-idle=4294967296",
              "Parameter 'keep-alive-idle' expects a value between 0 and "
              "4294967295");
    /* Options are checked before the address, first bad one wins. */
    parse_err("tcp:nocolon,foo=1,ipv4=x", "Invalid parameter 'foo'");
}

static void test_inet_parse_direct(void)
{
    InetSocketAddress addr;
    Error *err = NULL;

    g_assert_true(inet_parse(&addr, "[::1]:80,to=90", &error_abort));
    g_assert_cmpstr(addr.host, ==, "::1");
    g_assert_cmpstr(addr.port, ==, "80");
    g_assert_true(addr.has_to);
    g_assert_cmpuint(addr.to, ==, 90);
    g_free(addr.host);
    g_free(addr.port);

    /* A failure leaves the struct zeroed, even after a good option. */
    memset(&addr, 0xa5, sizeof(addr));
    g_assert_false(inet_parse(&addr, "x:1,to=5,bad", &err));
    g_assert_cmpstr(error_get_pretty(err), ==, "Invalid parameter 'bad'");
    error_free(err);
    g_assert_null(addr.host);
    g_assert_null(addr.port);
    g_assert_false(addr.has_to);
}

static void test_unix(void)
{
    g_autoptr(SocketAddress) plain = NULL;
    g_autoptr(SocketAddress) opts = NULL;
    g_autoptr(SocketAddress) commas = NULL;
    g_autoptr(SocketAddress) bare = NULL;

    plain = parse_ok("unix:/tmp/migrate.sock", SOCKET_ADDRESS_TYPE_UNIX);
    g_assert_cmpstr(plain->u.q_unix.path, ==, "/tmp/migrate.sock");
    g_assert_false(plain->u.q_unix.has_abstract);
    g_assert_false(plain->u.q_unix.has_tight);

    opts = parse_ok("unix:qemu-mig,abstract=on,tight=off",
                    SOCKET_ADDRESS_TYPE_UNIX);
    g_assert_cmpstr(opts->u.q_unix.path, ==, "qemu-mig");
    g_assert_true(opts->u.q_unix.has_abstract && opts->u.q_unix.abstract);
    g_assert_true(opts->u.q_unix.has_tight && !opts->u.q_unix.tight);

    /* Commas that do not start a known option belong to the path. */
    commas = parse_ok("unix:/tmp/a,b,c", SOCKET_ADDRESS_TYPE_UNIX);
    g_assert_cmpstr(commas->u.q_unix.path, ==, "/tmp/a,b,c");
    g_assert_false(commas->u.q_unix.has_abstract);

    bare = parse_ok("unix:/s,abstract", SOCKET_ADDRESS_TYPE_UNIX);
    g_assert_cmpstr(bare->u.q_unix.path, ==, "/s");
    g_assert_true(bare->u.q_unix.abstract);
}

static void test_unix_errors(void)
{
    parse_err("unix:", "invalid Unix socket address");
    parse_err("unix:,abstract=on", "invalid Unix socket address");
    parse_err("unix:/s,abstract=sure",
              "Parameter 'abstract' expects 'on' or 'off'");
}

static void test_vsock(void)
{
    g_autoptr(SocketAddress) addr = parse_ok("vsock:3:1234",
                                             SOCKET_ADDRESS_TYPE_VSOCK);

    g_assert_cmpstr(addr->u.vsock.cid, ==, "3");
    g_assert_cmpstr(addr->u.vsock.port, ==, "1234");
}

static void test_vsock_errors(void)
{
    parse_err("vsock:", "error parsing address ''");
    parse_err("vsock:3", "error parsing address '3'");
    parse_err("vsock:3:", "error parsing address '3:'");
    parse_err("vsock:x:1", "error parsing address 'x:1'");
    parse_err("vsock:3:12x", "trailing characters in address '3:12x'");
    parse_err("vsock:3:1,opt", "trailing characters in address '3:1,opt'");
}

static void test_fd(void)
{
    g_autoptr(SocketAddress) name = parse_ok("fd:migrate",
                                             SOCKET_ADDRESS_TYPE_FD);
    g_autoptr(SocketAddress) num = parse_ok("fd:42", SOCKET_ADDRESS_TYPE_FD);

    g_assert_cmpstr(name->u.fd.str, ==, "migrate");
    g_assert_cmpstr(num->u.fd.str, ==, "42");
    parse_err("fd:", "invalid file descriptor address");
}

static void assert_round_trip(const char *in, const char *out)
{
    g_autoptr(SocketAddress) addr = socket_parse(in, &error_abort);
    g_autofree char *str = socket_address_to_string(addr);

    g_assert_cmpstr(str, ==, out);
}

static void test_to_string(void)
{
    assert_round_trip("tcp:localhost:4444", "tcp:localhost:4444");
    assert_round_trip("localhost:4444", "tcp:localhost:4444");
    assert_round_trip("tcp::4444,ipv4=on", "tcp::4444");
    /* Like QEMU's HMP output: no brackets around IPv6 hosts. */
    assert_round_trip("tcp:[::1]:4444", "tcp:::1:4444");
    assert_round_trip("unix:/tmp/s,abstract=on", "unix:/tmp/s");
    assert_round_trip("vsock:2:1024", "vsock:2:1024");
    assert_round_trip("fd:migrate", "fd:migrate");
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/sockets/inet/forms", test_inet_forms);
    g_test_add_func("/sockets/inet/empty-host", test_inet_empty_host);
    g_test_add_func("/sockets/inet/ipv6", test_inet_ipv6);
    g_test_add_func("/sockets/inet/all-options", test_inet_all_options);
    g_test_add_func("/sockets/inet/option-syntax", test_inet_option_syntax);
    g_test_add_func("/sockets/inet/errors", test_inet_errors);
    g_test_add_func("/sockets/inet/inet-parse", test_inet_parse_direct);
    g_test_add_func("/sockets/unix/forms", test_unix);
    g_test_add_func("/sockets/unix/errors", test_unix_errors);
    g_test_add_func("/sockets/vsock/forms", test_vsock);
    g_test_add_func("/sockets/vsock/errors", test_vsock_errors);
    g_test_add_func("/sockets/fd/forms", test_fd);
    g_test_add_func("/sockets/to-string/all", test_to_string);
    return g_test_run();
}
