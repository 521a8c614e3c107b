/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What all monitors share: the list of monitors, the current monitor of
 * a thread, output with CRLF line ends (monitor_printf()), event
 * broadcast, and destruction.
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

bool monitor_is_qmp(const Monitor *mon)
{
    return mon->is_qmp;
}

void monitor_data_init(Monitor *mon, bool is_qmp, bool pretty)
{
    mon->is_qmp = is_qmp;
    mon->pretty = pretty;
    qemu_mutex_init(&mon->mon_lock);
}

void monitor_data_destroy(Monitor *mon)
{
    monitor_fds_release(mon);
    if (mon->outbuf) {
        g_string_free(mon->outbuf, true);
        mon->outbuf = NULL;
    }
    qemu_mutex_destroy(&mon->mon_lock);
}

void monitor_list_append(Monitor *mon)
{
    qemu_mutex_lock(&monitor_lock);
    mon_list = g_list_append(mon_list, mon);
    qemu_mutex_unlock(&monitor_lock);
}

void monitor_puts_locked(Monitor *mon, const char *str)
{
    GString *out = mon->outbuf;

    if (!out) {
        out = g_string_sized_new(strlen(str) + 16);
    }
    for (const char *p = str; *p; p++) {
        if (*p == '\n') {
            g_string_append_c(out, '\r');
        }
        g_string_append_c(out, *p);
    }
    if (out == mon->outbuf) {
        return;
    }
    /*
     * A failed write means the client is gone; the chardev notices the
     * hang-up on its read side and the monitor resets then.
     */
    qemu_chr_fe_write_all(&mon->chr, (const uint8_t *)out->str, out->len);
    g_string_free(out, true);
}

void monitor_puts(Monitor *mon, const char *str)
{
    qemu_mutex_lock(&mon->mon_lock);
    monitor_puts_locked(mon, str);
    qemu_mutex_unlock(&mon->mon_lock);
}

int monitor_printf(Monitor *mon, const char *fmt, ...)
{
    g_autofree char *str = NULL;
    va_list ap;

    /* As in QEMU, only human monitors print free text. */
    if (!mon || mon->is_qmp) {
        return -1;
    }
    va_start(ap, fmt);
    str = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    monitor_puts(mon, str);
    return strlen(str);
}

void monitor_qapi_event_emit(QAPIEvent event, QDict *qdict)
{
    /*
     * None of the schema's events is rate-limited in QEMU (the limited
     * ones are RTC_CHANGE, WATCHDOG, ...), so every event goes out now.
     */
    qemu_mutex_lock(&monitor_lock);
    for (GList *l = mon_list; l; l = l->next) {
        Monitor *common = l->data;
        MonitorQMP *mon = container_of(common, MonitorQMP, common);

        if (!common->is_qmp) {
            continue;
        }
        qemu_mutex_lock(&common->mon_lock);
        if (monitor_qmp_in_command_mode_locked(mon)) {
            GString *json = qobject_to_json_pretty(QOBJECT(qdict),
                                                   common->pretty);

            g_string_append_c(json, '\n');
            monitor_puts_locked(common, json->str);
            g_string_free(json, true);
        }
        qemu_mutex_unlock(&common->mon_lock);
    }
    qemu_mutex_unlock(&monitor_lock);
}

void monitor_destroy(Monitor *mon)
{
    qemu_mutex_lock(&monitor_lock);
    mon_list = g_list_remove(mon_list, mon);
    qemu_mutex_unlock(&monitor_lock);

    qemu_chr_fe_deinit(&mon->chr);
    if (mon->is_qmp) {
        monitor_qmp_destroy(container_of(mon, MonitorQMP, common));
    } else {
        monitor_hmp_destroy(container_of(mon, MonitorHMP, common));
    }
}
