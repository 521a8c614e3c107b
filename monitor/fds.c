/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * File descriptors passed to monitors with SCM_RIGHTS.
 *
 * Named descriptors (getfd / closefd / monitor_get_fd()) belong to the
 * monitor that received them, survive reconnects of its chardev and are
 * closed with the monitor.  Fd sets (add-fd / remove-fd / query-fdsets)
 * are global, numbered from 0, and keep their descriptors until
 * remove-fd (QEMU 9.1+ no longer drops them when the last monitor
 * disconnects).
 *
 * Locking: a monitor's descriptors are under its mon_lock; the fd sets
 * under mon_fdsets_lock.  Commands run in the main loop thread; the
 * lookups may be called from any thread.
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qapi/qapi-commands-misc.h"
#include "qemu/cutils.h"
#include "monitor-internal.h"

typedef struct MonitorFd {
    char *name;
    int fd;
} MonitorFd;

typedef struct MonFdsetFd {
    int fd;
    char *opaque;
} MonFdsetFd;

typedef struct MonFdset {
    int64_t id;
    GList *fds; /* MonFdsetFd *, newest first (as QEMU keeps them) */
} MonFdset;

/* MonFdset *, by increasing id.  Protected by mon_fdsets_lock. */
static GList *mon_fdsets;
static QemuMutex mon_fdsets_lock;

static void __attribute__((constructor)) monitor_fds_init(void)
{
    qemu_mutex_init(&mon_fdsets_lock);
}

static void monitor_fd_free(MonitorFd *mfd)
{
    close(mfd->fd);
    g_free(mfd->name);
    g_free(mfd);
}

void monitor_fds_release(Monitor *mon)
{
    GSList *fds;

    qemu_mutex_lock(&mon->mon_lock);
    fds = mon->fds;
    mon->fds = NULL;
    qemu_mutex_unlock(&mon->mon_lock);
    g_slist_free_full(fds, (GDestroyNotify)monitor_fd_free);
}

/* The entry called @fdname, or NULL.  Caller holds mon->mon_lock. */
static GSList *monitor_find_fd_locked(Monitor *mon, const char *fdname)
{
    for (GSList *l = mon->fds; l; l = l->next) {
        if (!strcmp(((MonitorFd *)l->data)->name, fdname)) {
            return l;
        }
    }
    return NULL;
}

/* Store @fd (ours now) as @fdname, replacing and closing an older one. */
static bool monitor_add_fd(Monitor *mon, int fd, const char *fdname,
                           Error **errp)
{
    GSList *l;
    int old = -1;

    if (g_ascii_isdigit(fdname[0])) {
        close(fd);
        error_setg(errp, "Parameter '%s' expects %s", "fdname",
                   "a name not starting with a digit");
        return false;
    }
    qemu_mutex_lock(&mon->mon_lock);
    l = monitor_find_fd_locked(mon, fdname);
    if (l) {
        MonitorFd *mfd = l->data;

        old = mfd->fd;
        mfd->fd = fd;
    } else {
        MonitorFd *mfd = g_new0(MonitorFd, 1);

        mfd->name = g_strdup(fdname);
        mfd->fd = fd;
        mon->fds = g_slist_prepend(mon->fds, mfd);
    }
    qemu_mutex_unlock(&mon->mon_lock);
    if (old >= 0) {
        close(old);
    }
    return true;
}

/* The descriptor that came with the current command, or -1 and @errp. */
static int monitor_take_msgfd(Monitor *mon, Error **errp)
{
    int fd = mon ? qemu_chr_fe_get_msgfd(&mon->chr) : -1;

    if (fd < 0) {
        error_setg(errp, "No file descriptor supplied via SCM_RIGHTS");
    }
    return fd;
}

void qmp_getfd(const char *fdname, Error **errp)
{
    Monitor *mon = monitor_cur();
    int fd = monitor_take_msgfd(mon, errp);

    if (fd >= 0) {
        monitor_add_fd(mon, fd, fdname, errp);
    }
}

/* Unlink the entry called @fdname and hand it to the caller, or NULL. */
static MonitorFd *monitor_steal_fd(Monitor *mon, const char *fdname)
{
    MonitorFd *mfd = NULL;
    GSList *l;

    if (!mon) {
        return NULL; /* not called from a monitor: no named fds */
    }
    qemu_mutex_lock(&mon->mon_lock);
    l = monitor_find_fd_locked(mon, fdname);
    if (l) {
        mfd = l->data;
        mon->fds = g_slist_delete_link(mon->fds, l);
    }
    qemu_mutex_unlock(&mon->mon_lock);
    return mfd;
}

void qmp_closefd(const char *fdname, Error **errp)
{
    MonitorFd *mfd = monitor_steal_fd(monitor_cur(), fdname);

    if (!mfd) {
        error_setg(errp, "File descriptor named '%s' not found", fdname);
        return;
    }
    monitor_fd_free(mfd);
}

int monitor_get_fd(Monitor *mon, const char *fdname, Error **errp)
{
    MonitorFd *mfd = monitor_steal_fd(mon, fdname);
    int fd;

    if (!mfd) {
        error_setg(errp, "File descriptor named '%s' has not been found",
                   fdname);
        return -1;
    }
    fd = mfd->fd;
    g_free(mfd->name);
    g_free(mfd);
    return fd;
}

int monitor_fd_param(Monitor *mon, const char *fdname, Error **errp)
{
    const char *end;
    int fd;

    if (mon && !g_ascii_isdigit(fdname[0])) {
        return monitor_get_fd(mon, fdname, errp);
    }
    if (qemu_strtoi(fdname, &end, 10, &fd) < 0 || *end || fd < 0) {
        error_setg(errp, "Invalid file descriptor number '%s'", fdname);
        return -1;
    }
    return fd;
}

/*
 * Fd sets
 */

static MonFdset *monitor_fdset_find_locked(int64_t id)
{
    for (GList *l = mon_fdsets; l; l = l->next) {
        MonFdset *set = l->data;

        if (set->id == id) {
            return set;
        }
    }
    return NULL;
}

static gint monitor_fdset_cmp(gconstpointer a, gconstpointer b)
{
    int64_t ia = ((const MonFdset *)a)->id, ib = ((const MonFdset *)b)->id;

    return ia < ib ? -1 : ia > ib;
}

/* The lowest id not in use (the list is sorted). */
static int64_t monitor_fdset_free_id_locked(void)
{
    int64_t id = 0;

    for (GList *l = mon_fdsets; l; l = l->next) {
        MonFdset *set = l->data;

        if (set->id != id) {
            break;
        }
        id++;
    }
    return id;
}

/* Add @fd (ours now, closed on failure) to a set; returns its AddfdInfo. */
static AddfdInfo *monitor_fdset_add_fd(int fd, bool has_fdset_id,
                                       int64_t fdset_id, const char *opaque,
                                       Error **errp)
{
    MonFdset *set = NULL;
    MonFdsetFd *sfd;
    AddfdInfo *info;

    if (has_fdset_id && fdset_id < 0) {
        close(fd);
        error_setg(errp, "Parameter '%s' expects %s", "fdset-id",
                   "a non-negative value");
        return NULL;
    }
    qemu_mutex_lock(&mon_fdsets_lock);
    if (has_fdset_id) {
        set = monitor_fdset_find_locked(fdset_id);
    }
    if (!set) {
        set = g_new0(MonFdset, 1);
        set->id = has_fdset_id ? fdset_id : monitor_fdset_free_id_locked();
        mon_fdsets = g_list_insert_sorted(mon_fdsets, set, monitor_fdset_cmp);
    }
    sfd = g_new0(MonFdsetFd, 1);
    sfd->fd = fd;
    sfd->opaque = g_strdup(opaque);
    set->fds = g_list_prepend(set->fds, sfd);

    info = g_new0(AddfdInfo, 1);
    info->fdset_id = set->id;
    info->fd = fd;
    qemu_mutex_unlock(&mon_fdsets_lock);
    return info;
}

AddfdInfo *qmp_add_fd(bool has_fdset_id, int64_t fdset_id, const char *opaque,
                      Error **errp)
{
    int fd = monitor_take_msgfd(monitor_cur(), errp);

    if (fd < 0) {
        return NULL;
    }
    return monitor_fdset_add_fd(fd, has_fdset_id, fdset_id, opaque, errp);
}

static void monitor_fdset_fd_free(MonFdsetFd *sfd)
{
    close(sfd->fd);
    g_free(sfd->opaque);
    g_free(sfd);
}

void qmp_remove_fd(int64_t fdset_id, bool has_fd, int64_t fd, Error **errp)
{
    MonFdset *set;
    bool found = !has_fd;

    qemu_mutex_lock(&mon_fdsets_lock);
    set = monitor_fdset_find_locked(fdset_id);
    if (set) {
        for (GList *l = set->fds, *next; l; l = next) {
            MonFdsetFd *sfd = l->data;

            next = l->next;
            if (has_fd && sfd->fd != fd) {
                continue;
            }
            set->fds = g_list_delete_link(set->fds, l);
            monitor_fdset_fd_free(sfd);
            found = true;
            if (has_fd) {
                break;
            }
        }
        if (!set->fds) {
            mon_fdsets = g_list_remove(mon_fdsets, set);
            g_free(set);
        }
    }
    qemu_mutex_unlock(&mon_fdsets_lock);

    if (!set || !found) {
        g_autofree char *what = has_fd
            ? g_strdup_printf("fdset-id:%" PRId64 ", fd:%" PRId64, fdset_id,
                              fd)
            : g_strdup_printf("fdset-id:%" PRId64, fdset_id);

        error_setg(errp, "File descriptor named '%s' not found", what);
    }
}

FdsetInfoList *qmp_query_fdsets(Error **errp)
{
    FdsetInfoList *list = NULL;

    /*
     * QEMU prepends while walking its lists: sets come out by
     * decreasing id, each set's descriptors oldest first.
     */
    qemu_mutex_lock(&mon_fdsets_lock);
    for (GList *l = mon_fdsets; l; l = l->next) {
        MonFdset *set = l->data;
        FdsetInfoList *entry = g_new0(FdsetInfoList, 1);

        entry->value = g_new0(FdsetInfo, 1);
        entry->value->fdset_id = set->id;
        for (GList *f = set->fds; f; f = f->next) {
            MonFdsetFd *sfd = f->data;
            FdsetFdInfoList *fentry = g_new0(FdsetFdInfoList, 1);

            fentry->value = g_new0(FdsetFdInfo, 1);
            fentry->value->fd = sfd->fd;
            fentry->value->opaque = g_strdup(sfd->opaque);
            fentry->next = entry->value->fds;
            entry->value->fds = fentry;
        }
        entry->next = list;
        list = entry;
    }
    qemu_mutex_unlock(&mon_fdsets_lock);
    return list;
}
