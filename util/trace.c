/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The trace event registry, -trace patterns and trace output (see
 * include/qemu/trace.h).
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qemu/error-report.h"
#include "qemu/keyval.h"
#include "qemu/trace.h"
#include "qobject/qdict.h"

typedef struct TracePattern {
    char *glob;
    bool enable;
} TracePattern;

/*
 * Registry and patterns: changed at start-up (constructors, option
 * parsing) in the main thread only, read-only while other threads run.
 */
static TraceEvent *trace_events;
static GPtrArray *trace_patterns;   /* of TracePattern *, in given order */

/*
 * Output stream: set during option parsing before any thread can trace;
 * lines are written with a single fprintf() each, which stdio locks.
 */
static FILE *trace_out;

static void trace_pattern_apply(const TracePattern *p, TraceEvent *ev)
{
    if (g_pattern_match_simple(p->glob, ev->name)) {
        __atomic_store_n(&ev->enabled, p->enable, __ATOMIC_RELAXED);
    }
}

void trace_event_register(TraceEvent *ev)
{
    ev->next = trace_events;
    trace_events = ev;
    for (guint i = 0; trace_patterns && i < trace_patterns->len; i++) {
        trace_pattern_apply(g_ptr_array_index(trace_patterns, i), ev);
    }
}

void trace_event_emit(TraceEvent *ev, const char *fmt, ...)
{
    g_autofree char *args = NULL;
    va_list ap;

    va_start(ap, fmt);
    args = g_strdup_vprintf(fmt, ap);
    va_end(ap);

    /* QEMU's log backend: "pid@sec.usec:" in front with -msg timestamp=on. */
    if (message_with_timestamp) {
        gint64 now = g_get_real_time();

        fprintf(trace_out ? trace_out : stderr, "%d@%" PRId64 ".%06" PRId64
                ":%s %s\n", (int)getpid(), now / G_USEC_PER_SEC,
                now % G_USEC_PER_SEC, ev->name, args);
    } else {
        fprintf(trace_out ? trace_out : stderr, "%s %s\n", ev->name, args);
    }
}

static void trace_pattern_free(gpointer p)
{
    TracePattern *tp = p;

    g_free(tp->glob);
    g_free(tp);
}

bool trace_enable_events(const char *pattern, bool enable)
{
    TracePattern *p = g_new0(TracePattern, 1);
    bool matched = false;

    p->glob = g_strdup(pattern);
    p->enable = enable;
    if (!trace_patterns) {
        trace_patterns = g_ptr_array_new_with_free_func(trace_pattern_free);
    }
    g_ptr_array_add(trace_patterns, p);
    for (TraceEvent *ev = trace_events; ev; ev = ev->next) {
        if (g_pattern_match_simple(pattern, ev->name)) {
            matched = true;
        }
        trace_pattern_apply(p, ev);
    }
    return matched;
}

bool trace_enable_events_from_file(const char *path, Error **errp)
{
    g_autofree char *text = NULL;
    g_auto(GStrv) lines = NULL;
    GError *gerr = NULL;

    if (!g_file_get_contents(path, &text, NULL, &gerr)) {
        error_setg(errp, "cannot open trace events file '%s': %s", path,
                   gerr->message);
        g_error_free(gerr);
        return false;
    }
    lines = g_strsplit(text, "\n", -1);
    for (char **l = lines; *l; l++) {
        char *line = g_strstrip(*l);

        if (!*line || *line == '#') {
            continue;
        }
        if (*line == '-') {
            trace_enable_events(line + 1, false);
        } else if (!trace_enable_events(line, true)) {
            /* QEMU warns about names that match nothing. */
            warn_report("trace event '%s' does not exist", line);
        }
    }
    return true;
}

bool trace_set_output_file(const char *path, Error **errp)
{
    FILE *f = NULL;

    if (path) {
        f = fopen(path, "w");
        if (!f) {
            error_setg_errno(errp, errno, "cannot open trace file '%s'", path);
            return false;
        }
        setvbuf(f, NULL, _IOLBF, 0);
    }
    if (trace_out) {
        fclose(trace_out);
    }
    trace_out = f;
    return true;
}

bool trace_opt_parse(const char *optarg, Error **errp)
{
    g_autoptr(QDict) opts = keyval_parse(optarg, "enable", 0, errp);
    const char *enable, *events, *file;

    if (!opts) {
        return false;
    }
    for (const QDictEntry *e = qdict_first(opts); e; e = qdict_next(opts, e)) {
        const char *key = qdict_entry_key(e);

        if (strcmp(key, "enable") && strcmp(key, "events") &&
            strcmp(key, "file")) {
            error_setg(errp, "Invalid parameter '%s'", key);
            return false;
        }
    }
    enable = qdict_get_try_str(opts, "enable");
    events = qdict_get_try_str(opts, "events");
    file = qdict_get_try_str(opts, "file");
    if (file && !trace_set_output_file(file, errp)) {
        return false;
    }
    if (events && !trace_enable_events_from_file(events, errp)) {
        return false;
    }
    if (enable) {
        bool on = *enable != '-';
        const char *glob = on ? enable : enable + 1;

        if (!trace_enable_events(glob, on) && on) {
            warn_report("trace event '%s' does not exist", glob);
        }
    }
    return true;
}

static gint trace_name_cmp(gconstpointer a, gconstpointer b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

void trace_list_events(FILE *out)
{
    g_autoptr(GPtrArray) names = g_ptr_array_new();

    for (TraceEvent *ev = trace_events; ev; ev = ev->next) {
        g_ptr_array_add(names, (gpointer)ev->name);
    }
    g_ptr_array_sort(names, trace_name_cmp);
    for (guint i = 0; i < names->len; i++) {
        fprintf(out, "%s\n", (const char *)g_ptr_array_index(names, i));
    }
}

bool trace_event_is_enabled(const char *name)
{
    for (TraceEvent *ev = trace_events; ev; ev = ev->next) {
        if (!strcmp(ev->name, name)) {
            return __atomic_load_n(&ev->enabled, __ATOMIC_RELAXED);
        }
    }
    return false;
}
