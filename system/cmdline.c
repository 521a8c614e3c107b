/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The option table of qemu-system-x86_64 and the parsers of each
 * option's argument (see system/cmdline.h).  Nothing here acts: every
 * result lands in VLOptions for vl.c.
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qapi/util.h"
#include "qemu/cutils.h"
#include "qemu/error-report.h"
#include "qemu/keyval.h"
#include "qobject/qdict.h"
#include "qobject/qstring.h"
#include "system/accel.h"
#include "system/cmdline.h"

void vl_options_init(VLOptions *o)
{
    memset(o, 0, sizeof(*o));
    o->machine = qdict_new();
    o->accels = g_ptr_array_new_with_free_func(
        qobject_unref_autoptr);
    o->objects = g_ptr_array_new_with_free_func(g_free);
    o->globals = g_ptr_array_new_with_free_func(g_free);
    o->chardevs = g_ptr_array_new_with_free_func(
        qobject_unref_autoptr);
    o->chardev_locs = g_ptr_array_new_with_free_func(g_free);
    o->monitors = g_ptr_array_new();
    o->serials = g_ptr_array_new_with_free_func(g_free);
    o->traces = g_ptr_array_new_with_free_func(g_free);
}

void vl_options_free(VLOptions *o)
{
    for (guint i = 0; o->monitors && i < o->monitors->len; i++) {
        VLMonitor *m = g_ptr_array_index(o->monitors, i);

        g_free(m->chardev);
        g_free(m);
    }
    g_clear_pointer(&o->monitors, g_ptr_array_unref);
    qobject_unref(o->machine);
    g_clear_pointer(&o->accels, g_ptr_array_unref);
    g_clear_pointer(&o->objects, g_ptr_array_unref);
    g_clear_pointer(&o->globals, g_ptr_array_unref);
    g_clear_pointer(&o->chardevs, g_ptr_array_unref);
    g_clear_pointer(&o->chardev_locs, g_ptr_array_unref);
    g_free(o->cur_loc);
    g_clear_pointer(&o->serials, g_ptr_array_unref);
    g_clear_pointer(&o->traces, g_ptr_array_unref);
    g_free(o->cpu_model);
    g_free(o->name);
    g_free(o->display);
    g_free(o->pidfile);
    g_free(o->incoming);
    g_free(o->qtest_chrdev);
    g_free(o->qtest_log);
    memset(o, 0, sizeof(*o));
}

static bool is_help(const char *s)
{
    return !strcmp(s, "help") || !strcmp(s, "?");
}

/* Reject every key of @opts not in the NULL-terminated @keys. */
static bool check_keys(QDict *opts, const char *const *keys, Error **errp)
{
    for (const QDictEntry *e = qdict_first(opts); e; e = qdict_next(opts, e)) {
        const char *key = qdict_entry_key(e);
        bool known = false;

        for (size_t i = 0; keys[i] && !known; i++) {
            known = !strcmp(key, keys[i]);
        }
        if (!known) {
            error_setg(errp, "Invalid parameter '%s'", key);
            return false;
        }
    }
    return true;
}

static bool get_bool(QDict *opts, const char *key, bool *out, Error **errp)
{
    const char *v = qdict_get_try_str(opts, key);

    return !v || qapi_bool_parse(key, v, out, errp);
}

/*
 * QemuOpts-style option strings (-chardev, the options of a chardev
 * spec): a bare "key" means key=on and "nokey" key=off, with QEMU's
 * deprecation warning; the rest is keyval syntax.
 */
static QDict *parse_opts_bare(const char *str, const char *implied,
                              Error **errp)
{
    g_autoptr(GString) fixed = g_string_new(NULL);
    g_autofree char *tmp = NULL;
    bool first = true;

    /* Split on single commas only (",," is an escaped comma). */
    tmp = g_strdup(str);
    for (char *p = tmp, *start = tmp; ; p++) {
        if (*p == ',' && p[1] == ',') {
            p++;
            continue;
        }
        if (*p != ',' && *p) {
            continue;
        }
        {
            char save = *p;
            g_autofree char *item = g_strndup(start, p - start);

            if (!first) {
                g_string_append_c(fixed, ',');
            }
            if (*item && !strchr(item, '=') && !(first && implied)) {
                bool off = g_str_has_prefix(item, "no") &&
                           strcmp(item, "nodelay");
                const char *key = off ? item + 2 : item;

                warn_report("short-form boolean option '%s' deprecated", item);
                error_printf("Please use %s=%s instead\n", key,
                             off ? "off" : "on");
                g_string_append_printf(fixed, "%s=%s", key,
                                       off ? "off" : "on");
            } else {
                g_string_append(fixed, item);
            }
            first = false;
            if (!save) {
                break;
            }
            start = p + 1;
        }
    }
    return keyval_parse(fixed->str, implied, 0, errp);
}

/*
 * -m
 */
bool vl_parse_ram_size(const char *arg, uint64_t *size, Error **errp)
{
    static const char *const keys[] = { "size", "slots", "maxmem", NULL };
    g_autoptr(QDict) opts = keyval_parse(arg, "size", 0, errp);
    const char *str;
    const char *p;
    uint64_t sz;
    int ret;

    if (!opts || !check_keys(opts, keys, errp)) {
        return false;
    }
    if (qdict_haskey(opts, "slots") || qdict_haskey(opts, "maxmem")) {
        error_setg(errp, "memory hotplug (slots=, maxmem=) is not supported");
        return false;
    }
    str = qdict_get_try_str(opts, "size");
    if (!str) {
        error_setg(errp, "Parameter 'size' is missing");
        return false;
    }
    for (p = str; g_ascii_isspace(*p); p++) {
        continue;
    }
    /* A size without suffix is in MiB (QEMU's legacy -m format). */
    if (*str && g_ascii_isdigit(str[strlen(str) - 1])) {
        ret = qemu_strtosz_MiB(str, NULL, &sz);
    } else {
        ret = qemu_strtosz(str, NULL, &sz);
    }
    if (ret == -ERANGE && *p != '-') {
        error_setg(errp, "Value '%s' is out of range for parameter 'size'",
                   str);
        return false;
    }
    if (ret < 0) {
        error_setg(errp, "Parameter 'size' expects a non-negative number "
                   "below 2^64");
        error_append_hint(errp, "Optional suffix k, M, G, T, P or E means "
                          "kilo-, mega-, giga-, tera-, peta-\n"
                          "and exabytes, respectively.\n");
        return false;
    }
    if (sz > UINT64_MAX - 8191) {
        error_setg(errp, "ram size too large");
        return false;
    }
    *size = QEMU_ALIGN_UP(sz, 8192);
    return true;
}

/*
 * Chardev specs (-qmp, -monitor, -serial, -qtest)
 */
static bool spec_add_options(QDict *opts, const char *rest, Error **errp)
{
    g_autoptr(QDict) extra = NULL;

    if (!rest || !*rest) {
        return true;
    }
    extra = parse_opts_bare(rest, NULL, errp);
    if (!extra) {
        return false;
    }
    for (const QDictEntry *e = qdict_first(extra); e;
         e = qdict_next(extra, e)) {
        qdict_put_obj(opts, qdict_entry_key(e),
                      qobject_ref(qdict_entry_value(e)));
    }
    return true;
}

/* "HOST:PORT" with an optional [v6] host; an empty host means "any". */
static bool spec_split_inet(const char *addr, char **host, char **port)
{
    const char *colon;

    if (addr[0] == '[') {
        const char *end = strchr(addr, ']');

        if (!end || end[1] != ':' || !end[2]) {
            return false;
        }
        *host = g_strndup(addr + 1, end - addr - 1);
        *port = g_strdup(end + 2);
        return true;
    }
    colon = strrchr(addr, ':');
    if (!colon || !colon[1] || memchr(addr, ':', colon - addr)) {
        return false;
    }
    *host = g_strndup(addr, colon - addr);
    *port = g_strdup(colon + 1);
    return true;
}

bool vl_parse_chardev_spec(const char *label, const char *spec,
                           QDict **opts, char **existing, Error **errp)
{
    g_autoptr(QDict) d = qdict_new();
    g_autofree char *main_part = NULL;
    const char *comma, *rest = NULL, *arg;

    *opts = NULL;
    *existing = NULL;
    if (!strcmp(spec, "none")) {
        return true;
    }
    if (g_str_has_prefix(spec, "chardev:")) {
        if (!spec[8]) {
            error_setg(errp, "parse error: %s", spec);
            return false;
        }
        *existing = g_strdup(spec + 8);
        return true;
    }
    comma = strchr(spec, ',');
    main_part = comma ? g_strndup(spec, comma - spec) : g_strdup(spec);
    rest = comma ? comma + 1 : NULL;
    qdict_put_str(d, "id", label);

    if (!strcmp(main_part, "null") || !strcmp(main_part, "stdio")) {
        qdict_put_str(d, "backend", main_part);
    } else if (strstart(main_part, "unix:", &arg)) {
        if (!*arg) {
            error_setg(errp, "parse error: %s", spec);
            return false;
        }
        qdict_put_str(d, "backend", "socket");
        qdict_put_str(d, "path", arg);
    } else if (strstart(main_part, "tcp:", &arg)) {
        g_autofree char *host = NULL;
        g_autofree char *port = NULL;

        if (!spec_split_inet(arg, &host, &port)) {
            error_setg(errp, "parse error: %s", spec);
            return false;
        }
        qdict_put_str(d, "backend", "socket");
        qdict_put_str(d, "host", host);
        qdict_put_str(d, "port", port);
    } else if (strstart(main_part, "file:", &arg) ||
               strstart(main_part, "pipe:", &arg)) {
        if (!*arg) {
            error_setg(errp, "parse error: %s", spec);
            return false;
        }
        /* A path is taken whole: commas belong to it. */
        qdict_put_str(d, "backend", main_part[0] == 'f' ? "file" : "pipe");
        qdict_put_str(d, "path", spec + 5);
        rest = NULL;
    } else if (g_str_has_prefix(spec, "mon:")) {
        error_setg(errp, "'%s': sharing a chardev between a monitor and a "
                   "device (mon:) is not supported", spec);
        return false;
    } else {
        error_setg(errp, "'%s' is not a valid char driver", spec);
        return false;
    }
    if (!spec_add_options(d, rest, errp)) {
        return false;
    }
    *opts = g_steal_pointer(&d);
    return true;
}

/*
 * The options
 */
typedef bool VLOptionFunc(VLOptions *o, const char *arg, Error **errp);

typedef struct VLOptionDef {
    const char *name;
    bool has_arg;
    VLOptionFunc *fn;
} VLOptionDef;

static bool opt_machine(VLOptions *o, const char *arg, Error **errp)
{
    g_autoptr(QDict) d = NULL;
    g_autofree char *copy = g_strdup(arg);
    size_t len = strlen(copy);
    bool help = false;

    /* "NAME,help" (keyval has no bare keys): QEMU lists the properties. */
    if (len >= 5 && !strcmp(copy + len - 5, ",help") &&
        (len < 6 || copy[len - 6] != ',')) {
        copy[len - 5] = '\0';
        help = true;
    }
    d = keyval_parse(copy, "type", 0, errp);
    if (!d) {
        return false;
    }
    for (const QDictEntry *e = qdict_first(d); e; e = qdict_next(d, e)) {
        qdict_put_obj(o->machine, qdict_entry_key(e),
                      qobject_ref(qdict_entry_value(e)));
    }
    if (is_help(qdict_get_try_str(o->machine, "type") ?: "")) {
        o->action = VL_ACTION_MACHINE_HELP;
    } else if (help) {
        o->action = VL_ACTION_MACHINE_PROPS;
    }
    return true;
}

static bool opt_accel(VLOptions *o, const char *arg, Error **errp)
{
    QDict *d = keyval_parse(arg, "accel", 0, errp);
    g_autofree char *loc = NULL;

    if (!d) {
        return false;
    }
    if (!qdict_haskey(d, "accel")) {
        qobject_unref(d);
        error_setg(errp, "Parameter 'accel' is missing");
        return false;
    }
    if (is_help(qdict_get_str(d, "accel"))) {
        o->action = VL_ACTION_ACCEL_HELP;
    }
    loc = g_strdup_printf("-accel %s", arg);
    qdict_put_str(d, ACCEL_OPT_LOCATION, loc);
    g_ptr_array_add(o->accels, d);
    return true;
}

static bool opt_enable_kvm(VLOptions *o, const char *arg, Error **errp)
{
    return opt_accel(o, "kvm", errp);
}

static bool opt_m(VLOptions *o, const char *arg, Error **errp)
{
    uint64_t sz;

    if (!vl_parse_ram_size(arg, &sz, errp)) {
        return false;
    }
    /* Later -m wins; "-m 0" is the machine's default, as in QEMU. */
    o->have_ram_size = sz != 0;
    o->ram_size = sz;
    return true;
}

static bool opt_smp(VLOptions *o, const char *arg, Error **errp)
{
    static const char *const keys[] = {
        "cpus", "maxcpus", "sockets", "dies", "clusters", "cores", "threads",
        NULL
    };
    g_autoptr(QDict) d = keyval_parse(arg, "cpus", 0, errp);
    uint64_t product = 1, cpus = 0, maxcpus = 0;

    if (!d || !check_keys(d, keys, errp)) {
        return false;
    }
    for (size_t i = 0; keys[i]; i++) {
        const char *v = qdict_get_try_str(d, keys[i]);
        uint64_t n;

        if (!v) {
            continue;
        }
        if (parse_uint_full(v, 10, &n) < 0 || n > UINT32_MAX) {
            error_setg(errp, "Parameter 'smp.%s' expects integer", keys[i]);
            return false;
        }
        if (n == 0) {
            error_setg(errp, "Invalid CPU topology: CPU topology parameters "
                       "must be greater than zero");
            return false;
        }
        if (i == 0) {
            cpus = n;
        } else if (i == 1) {
            maxcpus = n;
        } else {
            product *= n;
        }
    }
    o->smp_cpus = MAX(MAX(cpus, maxcpus), product);
    return true;
}

static bool opt_cpu(VLOptions *o, const char *arg, Error **errp)
{
    if (is_help(arg)) {
        o->action = VL_ACTION_CPU_HELP;
        return true;
    }
    g_free(o->cpu_model);
    o->cpu_model = g_strdup(arg);
    return true;
}

static bool opt_name(VLOptions *o, const char *arg, Error **errp)
{
    static const char *const keys[] = {
        "guest", "process", "debug-threads", NULL
    };
    g_autoptr(QDict) d = keyval_parse(arg, "guest", 0, errp);

    if (!d || !check_keys(d, keys, errp) ||
        !get_bool(d, "debug-threads", &o->debug_threads, errp)) {
        return false;
    }
    if (qdict_haskey(d, "guest")) {
        g_free(o->name);
        o->name = g_strdup(qdict_get_str(d, "guest"));
    }
    return true;
}

static bool opt_uuid(VLOptions *o, const char *arg, Error **errp)
{
    if (qemu_uuid_parse(arg, &o->uuid) < 0) {
        error_setg(errp, "failed to parse UUID string: wrong format");
        return false;
    }
    o->have_uuid = true;
    return true;
}

static bool opt_S(VLOptions *o, const char *arg, Error **errp)
{
    o->start_paused = true;
    return true;
}

static bool opt_nodefaults(VLOptions *o, const char *arg, Error **errp)
{
    o->nodefaults = true;
    return true;
}

static bool opt_nographic(VLOptions *o, const char *arg, Error **errp)
{
    o->nographic = true;
    return true;
}

static bool opt_display(VLOptions *o, const char *arg, Error **errp)
{
    static const char *const known[] = {
        "gtk", "sdl", "vnc", "curses", "egl-headless", "spice-app", "dbus",
        "cocoa", "default", NULL
    };
    g_autoptr(QDict) d = keyval_parse(arg, "type", 0, errp);
    const char *type;

    if (!d) {
        return false;
    }
    type = qdict_get_try_str(d, "type");
    if (!type) {
        error_setg(errp, "Parameter 'type' is missing");
        return false;
    }
    if (strcmp(type, "none")) {
        for (size_t i = 0; known[i]; i++) {
            if (!strcmp(type, known[i])) {
                error_setg(errp, "Display '%s' is not available.", type);
                return false;
            }
        }
        error_setg(errp, "Parameter 'type' does not accept value '%s'", type);
        return false;
    }
    g_free(o->display);
    o->display = g_strdup(type);
    qdict_del(d, "type");
    if (qdict_size(d)) {
        error_setg(errp, "Parameter '%s' is unexpected",
                   qdict_entry_key(qdict_first(d)));
        return false;
    }
    return true;
}

static bool opt_audio(VLOptions *o, const char *arg, Error **errp)
{
    g_autoptr(QDict) d = keyval_parse(arg, "driver", 0, errp);
    const char *driver;

    if (!d) {
        return false;
    }
    driver = qdict_get_try_str(d, "driver");
    if (!driver || strcmp(driver, "none") || qdict_size(d) > 1) {
        error_setg(errp, "audio is not supported by this build: "
                   "only -audio none is accepted");
        return false;
    }
    return true;
}

static bool opt_no_user_config(VLOptions *o, const char *arg, Error **errp)
{
    /* There is no user configuration file to skip. */
    o->no_user_config = true;
    return true;
}

static bool opt_daemonize(VLOptions *o, const char *arg, Error **errp)
{
    o->daemonize = true;
    return true;
}

static bool opt_pidfile(VLOptions *o, const char *arg, Error **errp)
{
    g_free(o->pidfile);
    o->pidfile = g_strdup(arg);
    return true;
}

static bool opt_run_with(VLOptions *o, const char *arg, Error **errp)
{
    static const char *const keys[] = {
        "exit-with-parent", "async-teardown", "chroot", "user", NULL
    };
    g_autoptr(QDict) d = keyval_parse(arg, NULL, 0, errp);

    if (!d || !check_keys(d, keys, errp)) {
        return false;
    }
    for (size_t i = 1; keys[i]; i++) {
        if (qdict_haskey(d, keys[i])) {
            error_setg(errp, "%s= is not supported by this build", keys[i]);
            return false;
        }
    }
    return get_bool(d, "exit-with-parent", &o->exit_with_parent, errp);
}

static bool opt_object(VLOptions *o, const char *arg, Error **errp)
{
    g_ptr_array_add(o->objects, g_strdup(arg));
    return true;
}

static bool opt_global(VLOptions *o, const char *arg, Error **errp)
{
    g_autofree char *driver = NULL;
    g_autofree char *prop = NULL;
    g_autofree char *value = NULL;

    /* Checked now for the message's location; registered by vl.c. */
    if (!keyval_split_global(arg, &driver, &prop, &value, errp)) {
        return false;
    }
    g_ptr_array_add(o->globals, g_strdup(arg));
    return true;
}

static bool opt_incoming(VLOptions *o, const char *arg, Error **errp)
{
    g_free(o->incoming);
    o->incoming = g_strdup(arg);
    return true;
}

static bool add_chardev(VLOptions *o, QDict *d, Error **errp)
{
    const char *id = qdict_get_str(d, "id");

    for (guint i = 0; i < o->chardevs->len; i++) {
        QDict *other = g_ptr_array_index(o->chardevs, i);

        if (!strcmp(qdict_get_str(other, "id"), id)) {
            error_setg(errp, "Duplicate ID '%s' for chardev", id);
            qobject_unref(d);
            return false;
        }
    }
    g_ptr_array_add(o->chardevs, d);
    g_ptr_array_add(o->chardev_locs, g_strdup(o->cur_loc));
    return true;
}

static void add_monitor(VLOptions *o, const char *chardev, bool control,
                        bool pretty)
{
    VLMonitor *m = g_new0(VLMonitor, 1);

    m->chardev = g_strdup(chardev);
    m->control = control;
    m->pretty = pretty;
    g_ptr_array_add(o->monitors, m);
}

static bool monitor_spec(VLOptions *o, const char *arg, bool control,
                         bool pretty, Error **errp)
{
    g_autofree char *label = NULL;
    g_autofree char *existing = NULL;
    QDict *d;

    o->have_monitor_option = true;
    label = g_strdup_printf("compat_monitor%u", o->compat_monitors);
    if (!vl_parse_chardev_spec(label, arg, &d, &existing, errp)) {
        return false;
    }
    if (d) {
        if (!add_chardev(o, d, errp)) {
            return false;
        }
        o->compat_monitors++;
        add_monitor(o, label, control, pretty);
    } else if (existing) {
        add_monitor(o, existing, control, pretty);
    }
    return true;
}

static bool opt_qmp(VLOptions *o, const char *arg, Error **errp)
{
    return monitor_spec(o, arg, true, false, errp);
}

static bool opt_qmp_pretty(VLOptions *o, const char *arg, Error **errp)
{
    return monitor_spec(o, arg, true, true, errp);
}

static bool opt_monitor(VLOptions *o, const char *arg, Error **errp)
{
    return monitor_spec(o, arg, false, false, errp);
}

static bool opt_chardev(VLOptions *o, const char *arg, Error **errp)
{
    QDict *d = parse_opts_bare(arg, "backend", errp);

    if (!d) {
        return false;
    }
    if (!qdict_haskey(d, "id")) {
        qobject_unref(d);
        error_setg(errp, "chardev: no id specified");
        return false;
    }
    return add_chardev(o, d, errp);
}

static bool opt_mon(VLOptions *o, const char *arg, Error **errp)
{
    static const char *const keys[] = {
        "chardev", "mode", "pretty", "id", NULL
    };
    g_autoptr(QDict) d = parse_opts_bare(arg, NULL, errp);
    const char *mode;
    bool pretty = false;

    if (!d || !check_keys(d, keys, errp)) {
        return false;
    }
    if (!qdict_haskey(d, "chardev")) {
        error_setg(errp, "Parameter 'chardev' is missing");
        return false;
    }
    mode = qdict_get_try_str(d, "mode") ?: "readline";
    if (strcmp(mode, "readline") && strcmp(mode, "control")) {
        error_setg(errp, "Parameter 'mode' does not accept value '%s'", mode);
        return false;
    }
    if (!get_bool(d, "pretty", &pretty, errp)) {
        return false;
    }
    o->have_monitor_option = true;
    add_monitor(o, qdict_get_str(d, "chardev"), !strcmp(mode, "control"),
                pretty);
    return true;
}

static bool opt_serial(VLOptions *o, const char *arg, Error **errp)
{
    g_autofree char *label = NULL;
    g_autofree char *existing = NULL;
    QDict *d;

    o->have_serial_option = true;
    label = g_strdup_printf("serial%u", o->compat_serials);
    if (!vl_parse_chardev_spec(label, arg, &d, &existing, errp)) {
        return false;
    }
    if (d) {
        if (!add_chardev(o, d, errp)) {
            return false;
        }
        o->compat_serials++;
        g_ptr_array_add(o->serials, g_strdup(label));
    } else if (existing) {
        g_ptr_array_add(o->serials, g_steal_pointer(&existing));
    }
    return true;
}

static bool opt_qtest(VLOptions *o, const char *arg, Error **errp)
{
    g_free(o->qtest_chrdev);
    o->qtest_chrdev = g_strdup(arg);
    return true;
}

static bool opt_qtest_log(VLOptions *o, const char *arg, Error **errp)
{
    g_free(o->qtest_log);
    o->qtest_log = g_strdup(arg);
    return true;
}

static bool opt_trace(VLOptions *o, const char *arg, Error **errp)
{
    g_autoptr(QDict) d = NULL;

    if (is_help(arg)) {
        o->action = VL_ACTION_TRACE_HELP;
        return true;
    }
    /* Syntax checked now; patterns are applied by vl.c in order. */
    d = keyval_parse(arg, "enable", 0, errp);
    if (!d) {
        return false;
    }
    if (is_help(qdict_get_try_str(d, "enable") ?: "")) {
        o->action = VL_ACTION_TRACE_HELP;
        return true;
    }
    g_ptr_array_add(o->traces, g_strdup(arg));
    return true;
}

static bool opt_msg(VLOptions *o, const char *arg, Error **errp)
{
    static const char *const keys[] = { "timestamp", "guest-name", NULL };
    g_autoptr(QDict) d = parse_opts_bare(arg, NULL, errp);

    if (!d || !check_keys(d, keys, errp)) {
        return false;
    }
    if (qdict_haskey(d, "guest-name")) {
        error_setg(errp, "guest-name= is not supported by this build");
        return false;
    }
    return get_bool(d, "timestamp", &o->msg_timestamp, errp);
}

static bool opt_version(VLOptions *o, const char *arg, Error **errp)
{
    o->action = VL_ACTION_VERSION;
    return true;
}

static bool opt_help(VLOptions *o, const char *arg, Error **errp)
{
    o->action = VL_ACTION_HELP;
    return true;
}

static const VLOptionDef vl_option_defs[] = {
    { "h", false, opt_help },
    { "help", false, opt_help },
    { "version", false, opt_version },
    { "machine", true, opt_machine },
    { "M", true, opt_machine },
    { "accel", true, opt_accel },
    { "enable-kvm", false, opt_enable_kvm },
    { "m", true, opt_m },
    { "smp", true, opt_smp },
    { "cpu", true, opt_cpu },
    { "name", true, opt_name },
    { "uuid", true, opt_uuid },
    { "S", false, opt_S },
    { "nodefaults", false, opt_nodefaults },
    { "nographic", false, opt_nographic },
    { "display", true, opt_display },
    { "audio", true, opt_audio },
    { "no-user-config", false, opt_no_user_config },
    { "daemonize", false, opt_daemonize },
    { "pidfile", true, opt_pidfile },
    { "run-with", true, opt_run_with },
    { "object", true, opt_object },
    { "global", true, opt_global },
    { "incoming", true, opt_incoming },
    { "qmp", true, opt_qmp },
    { "qmp-pretty", true, opt_qmp_pretty },
    { "monitor", true, opt_monitor },
    { "chardev", true, opt_chardev },
    { "mon", true, opt_mon },
    { "serial", true, opt_serial },
    { "qtest", true, opt_qtest },
    { "qtest-log", true, opt_qtest_log },
    { "trace", true, opt_trace },
    { "msg", true, opt_msg },
};

bool vl_parse_args(VLOptions *o, int argc, char **argv, Error **errp)
{
    for (int i = 1; i < argc; i++) {
        const char *spelled = argv[i];
        const char *name = spelled;
        const VLOptionDef *def = NULL;
        const char *arg = NULL;

        if (name[0] != '-' || !name[1]) {
            error_setg(errp, "%s: drive files are not supported (no block "
                       "layer in this build)", spelled);
            return false;
        }
        /* QEMU accepts -opt and --opt alike. */
        name += name[1] == '-' ? 2 : 1;
        for (size_t k = 0; k < ARRAY_SIZE(vl_option_defs); k++) {
            if (!strcmp(vl_option_defs[k].name, name)) {
                def = &vl_option_defs[k];
                break;
            }
        }
        if (!def) {
            error_setg(errp, "%s: invalid option", spelled);
            return false;
        }
        if (def->has_arg) {
            if (i + 1 >= argc) {
                error_setg(errp, "%s: requires an argument", spelled);
                return false;
            }
            arg = argv[++i];
        }
        g_free(o->cur_loc);
        o->cur_loc = arg ? g_strdup_printf("%s %s", spelled, arg)
                         : g_strdup(spelled);
        if (!def->fn(o, arg, errp)) {
            if (arg) {
                error_prepend(errp, "%s %s: ", spelled, arg);
            } else {
                error_prepend(errp, "%s: ", spelled);
            }
            return false;
        }
        if (o->action != VL_ACTION_RUN) {
            return true;
        }
    }
    return true;
}
