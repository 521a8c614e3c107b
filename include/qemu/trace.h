/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A small trace facility: named events that print "name args" to stderr
 * (or the -trace file=) when enabled with -trace.
 *
 * An event is a static TraceEvent registered by a constructor
 * (TRACE_EVENT_DEFINE), so every event of the program is known before
 * main() runs and `-trace help` can list them.  Patterns given before an
 * event registers (never the case for the program, possible in tests)
 * are applied when it does.
 *
 * Threads: trace_event() may be called from any thread; the enabled flag
 * is read atomically and each line is written with one stdio call.
 * Registration and pattern changes happen at start-up (main thread) or
 * under the BQL.  Owner: util/trace.c.
 */
#ifndef QEMU_TRACE_H
#define QEMU_TRACE_H

typedef struct TraceEvent {
    const char *name;       /* fixed */
    bool enabled;           /* atomic; set by patterns */
    struct TraceEvent *next; /* registry list; fixed once registered */
} TraceEvent;

/* Add @ev to the registry (and apply the patterns given so far). */
void trace_event_register(TraceEvent *ev);

/*
 * Define the event @name in this file and register it before main().
 * Use as TRACE_EVENT_DEFINE(runstate_set) at file scope, then
 * trace_event(runstate_set, "fmt", args).
 */
#define TRACE_EVENT_DEFINE(ename)                                             \
    static TraceEvent trace_event_##ename = { .name = #ename };               \
    static void __attribute__((constructor)) trace_event_ctor_##ename(void)  \
    {                                                                         \
        trace_event_register(&trace_event_##ename);                           \
    }

/* Write "name " + the formatted arguments + "\n" (no check of enabled). */
void trace_event_emit(TraceEvent *ev, const char *fmt, ...)
    G_GNUC_PRINTF(2, 3);

#define trace_event(ename, ...)                                               \
    do {                                                                      \
        if (__atomic_load_n(&trace_event_##ename.enabled, __ATOMIC_RELAXED)) { \
            trace_event_emit(&trace_event_##ename, __VA_ARGS__);              \
        }                                                                     \
    } while (0)

/*
 * Enable (or with @enable false, disable) every event whose name matches
 * the glob @pattern ('*' and '?'), now and for events registered later.
 * Returns whether a registered event matched.
 */
bool trace_enable_events(const char *pattern, bool enable);

/*
 * Read patterns from @path, one per line; blank lines and lines starting
 * with '#' are skipped, a leading '-' disables.  Errors name the file.
 */
bool trace_enable_events_from_file(const char *path, Error **errp);

/* Send trace output to @path (NULL: back to stderr). */
bool trace_set_output_file(const char *path, Error **errp);

/*
 * Handle one -trace argument: "PATTERN", "enable=PATTERN",
 * "events=FILE", "file=FILE" (comma-separated, ",," escapes a comma).
 * "help" is the caller's business (trace_list_events()).
 */
bool trace_opt_parse(const char *optarg, Error **errp);

/* Print the name of every registered event, one per line, sorted. */
void trace_list_events(FILE *out);

/* Whether @name is a registered event that is enabled (for tests). */
bool trace_event_is_enabled(const char *name);

#endif /* QEMU_TRACE_H */
