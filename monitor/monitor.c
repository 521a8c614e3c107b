/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What all monitors share: the list of monitors, the current monitor of
 * a thread, output with CRLF line ends, and event broadcast.
 */
#include "qemu/osdep.h"
#include "qobject/qdict.h"
#include "qobject/qjson.h"
#include "monitor-internal.h"

GList *mon_list;
/* Protects mon_list.  Lock order: monitor_lock, then a mon_lock. */
QemuMutex monitor_lock;

/*
 * Initialised before main() so that an event raised by any thread at
 * any time finds a usable lock.
 */
static void __attribute__((constructor)) monitor_lock_init(void)
{
    qemu_mutex_init(&monitor_lock);
}

/* The monitor running a command in this thread (see monitor_cur()). */
static __thread Monitor *cur_mon;

Monitor *monitor_cur(void)
{
    return cur_mon;
}

Monitor *monitor_set_cur(Monitor *mon)
{
    Monitor *old = cur_mon;

    cur_mon = mon;
    return old;
}

void monitor_puts_locked(Monitor *mon, const char *str)
{
    GString *out = g_string_sized_new(strlen(str) + 16);

    for (const char *p = str; *p; p++) {
        if (*p == '\n') {
            g_string_append_c(out, '\r');
        }
        g_string_append_c(out, *p);
    }
    /*
     * A failed write means the client is gone; the chardev notices the
     * hang-up on its read side and the monitor resets then.
     */
    qemu_chr_fe_write_all(&mon->chr, (const uint8_t *)out->str, out->len);
    g_string_free(out, true);
}

void monitor_qapi_event_emit(QAPIEvent event, QDict *qdict)
{
    /*
     * None of the schema's events is rate-limited in QEMU (the limited
     * ones are RTC_CHANGE, WATCHDOG, ...), so every event goes out now.
     */
    qemu_mutex_lock(&monitor_lock);
    for (GList *l = mon_list; l; l = l->next) {
        MonitorQMP *mon = l->data;

        qemu_mutex_lock(&mon->common.mon_lock);
        if (monitor_qmp_in_command_mode_locked(mon)) {
            GString *json = qobject_to_json_pretty(QOBJECT(qdict),
                                                   mon->common.pretty);

            g_string_append_c(json, '\n');
            monitor_puts_locked(&mon->common, json->str);
            g_string_free(json, true);
        }
        qemu_mutex_unlock(&mon->common.mon_lock);
    }
    qemu_mutex_unlock(&monitor_lock);
}
