/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The chardev core: the registry of chardevs by id, option checking,
 * frontend attachment, input polling with flow control, and writes.
 */
#include "qemu/osdep.h"
#include <poll.h>
#include <sys/socket.h>
#include "qapi/error.h"
#include "qemu/main-loop.h"
#include "qobject/qdict.h"
#include "qobject/qstring.h"
#include "qapi/qapi-commands-char.h"
#include "char-internal.h"

/* Largest chunk read from a backend's fd in one go. */
#define CHR_READ_BUF_LEN 4096

static const ChardevClass *const chardev_classes[] = {
    &char_socket_class, &char_stdio_class, &char_file_class,
    &char_pipe_class,   &char_null_class,
};

/*
 * Every chardev, in creation order.  Main loop thread with the BQL
 * (creation and deletion happen at start-up, at exit, or from QMP).
 */
static GList *chardevs;

Chardev *qemu_chr_find(const char *id)
{
    for (GList *l = chardevs; l; l = l->next) {
        Chardev *chr = l->data;

        if (!strcmp(chr->label, id)) {
            return chr;
        }
    }
    return NULL;
}

static const ChardevClass *chr_find_class(const char *name)
{
    for (size_t i = 0; i < ARRAY_SIZE(chardev_classes); i++) {
        if (!strcmp(chardev_classes[i]->name, name)) {
            return chardev_classes[i];
        }
    }
    return NULL;
}

static bool chr_check_keys(const ChardevClass *cls, QDict *opts, Error **errp)
{
    for (const QDictEntry *e = qdict_first(opts); e; e = qdict_next(opts, e)) {
        const char *key = qdict_entry_key(e);
        bool known = !strcmp(key, "backend") || !strcmp(key, "id");

        for (size_t i = 0; !known && cls->keys && cls->keys[i]; i++) {
            known = !strcmp(key, cls->keys[i]);
        }
        if (!known) {
            error_setg(errp, "Invalid parameter '%s'", key);
            return false;
        }
        if (qobject_type(qdict_entry_value(e)) != QTYPE_QSTRING) {
            error_setg(errp, "Invalid parameter type for '%s', expected: "
                       "string", key);
            return false;
        }
    }
    return true;
}

Chardev *qemu_chr_new_from_opts(QDict *opts, Error **errp)
{
    const char *id = qdict_get_try_str(opts, "id");
    const char *name = qdict_get_try_str(opts, "backend");
    const ChardevClass *cls;
    Chardev *chr;

    if (!id) {
        error_setg(errp, "Parameter 'id' is missing");
        return NULL;
    }
    if (!name) {
        error_setg(errp, "chardev: \"%s\" missing backend", id);
        return NULL;
    }
    cls = chr_find_class(name);
    if (!cls) {
        error_setg(errp, "'%s' is not a valid char driver name", name);
        return NULL;
    }
    if (!chr_check_keys(cls, opts, errp)) {
        return NULL;
    }
    if (qemu_chr_find(id)) {
        error_setg(errp, "attempt to add duplicate property '%s' to object "
                   "(type 'container')", id);
        return NULL;
    }

    chr = g_malloc0(cls->instance_size);
    chr->cls = cls;
    chr->label = g_strdup(id);
    chr->read_fd = -1;
    qemu_mutex_init(&chr->write_lock);
    if (!cls->open(chr, opts, errp)) {
        qemu_mutex_destroy(&chr->write_lock);
        g_free(chr->label);
        g_free(chr);
        return NULL;
    }
    chardevs = g_list_append(chardevs, chr);
    return chr;
}

void qemu_chr_delete(Chardev *chr)
{
    assert(!chr->be);
    chardevs = g_list_remove(chardevs, chr);
    qemu_chr_set_read_fd(chr, -1);
    chr->cls->close(chr);
    qemu_mutex_destroy(&chr->write_lock);
    g_free(chr->label);
    g_free(chr);
}

void qemu_chr_cleanup(void)
{
    while (chardevs) {
        qemu_chr_delete(chardevs->data);
    }
}

const char *qemu_chr_get_id(const Chardev *chr)
{
    return chr->label;
}

bool qemu_chr_has_feature(const Chardev *chr, ChardevFeature feature)
{
    return chr->features[feature];
}

bool qemu_chr_is_open(const Chardev *chr)
{
    return chr->be_open;
}

bool qemu_chr_opt_bool(QDict *opts, const char *key, bool def, bool *out,
                       Error **errp)
{
    const char *v = qdict_get_try_str(opts, key);

    if (!v) {
        *out = def;
    } else if (!strcmp(v, "on") || !strcmp(v, "yes") || !strcmp(v, "true") ||
               !strcmp(v, "y")) {
        *out = true;
    } else if (!strcmp(v, "off") || !strcmp(v, "no") ||
               !strcmp(v, "false") || !strcmp(v, "n")) {
        *out = false;
    } else {
        error_setg(errp, "Parameter '%s' expects 'on' or 'off'", key);
        return false;
    }
    return true;
}

/*
 * Input
 *
 * The fd handler is installed only while the backend has a read fd, a
 * frontend reads, and the frontend has not refused input.  When its
 * IOCanReadHandler says 0 the handler comes off (otherwise a readable fd
 * would spin the main loop) until qemu_chr_fe_accept_input().
 */

static void chr_fd_readable(void *opaque);

static void chr_update_fd_handler(Chardev *chr)
{
    bool want = chr->read_fd >= 0 && chr->be && chr->be->chr_read &&
                !chr->read_throttled;

    if (want && !chr->fd_handler_set) {
        qemu_set_fd_handler(chr->read_fd, chr_fd_readable, NULL, chr);
        chr->fd_handler_set = true;
    } else if (!want && chr->fd_handler_set) {
        qemu_set_fd_handler(chr->read_fd, NULL, NULL, NULL);
        chr->fd_handler_set = false;
    }
}

void qemu_chr_set_read_fd(Chardev *chr, int fd)
{
    if (chr->fd_handler_set) {
        qemu_set_fd_handler(chr->read_fd, NULL, NULL, NULL);
        chr->fd_handler_set = false;
    }
    chr->read_fd = fd;
    chr->read_throttled = false;
    chr_update_fd_handler(chr);
}

static void chr_fd_readable(void *opaque)
{
    Chardev *chr = opaque;
    uint8_t buf[CHR_READ_BUF_LEN];
    int max = chr->be->chr_can_read ? chr->be->chr_can_read(chr->be->opaque)
                                    : (int)sizeof(buf);
    ssize_t n;

    if (max <= 0) {
        chr->read_throttled = true;
        chr_update_fd_handler(chr);
        return;
    }
    do {
        size_t len = MIN((size_t)max, sizeof(buf));

        n = chr->cls->read ? chr->cls->read(chr, buf, len)
                           : read(chr->read_fd, buf, len);
    } while (n < 0 && errno == EINTR);
    if (n > 0) {
        chr->be->chr_read(chr->be->opaque, buf, n);
    } else if (n == 0 || (errno != EAGAIN && errno != EWOULDBLOCK)) {
        chr->cls->hangup(chr);
    }
}

void qemu_chr_be_event(Chardev *chr, QEMUChrEvent event)
{
    chr->be_open = event == CHR_EVENT_OPENED;
    if (chr->be && chr->be->chr_event) {
        chr->be->chr_event(chr->be->opaque, event);
    }
}

/*
 * Output
 */

int qemu_chr_write_fd_all(int fd, const uint8_t *buf, int len, bool is_socket)
{
    int done = 0;

    while (done < len) {
        ssize_t n;

        if (is_socket) {
            /* No SIGPIPE for a peer that is gone: EPIPE is enough. */
            n = send(fd, buf + done, len - done, MSG_NOSIGNAL);
        } else {
            n = write(fd, buf + done, len - done);
        }
        if (n > 0) {
            done += n;
        } else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            struct pollfd pfd = { .fd = fd, .events = POLLOUT };

            if (poll(&pfd, 1, -1) < 0 && errno != EINTR) {
                return -1;
            }
        } else if (n < 0 && errno == EINTR) {
            continue;
        } else {
            return -1;
        }
    }
    return len;
}

int qemu_chr_write_all(Chardev *chr, const uint8_t *buf, int len)
{
    int ret;

    qemu_mutex_lock(&chr->write_lock);
    ret = chr->cls->write(chr, buf, len);
    qemu_mutex_unlock(&chr->write_lock);
    return ret;
}

/*
 * Frontend
 */

bool qemu_chr_fe_init(CharBackend *be, Chardev *chr, Error **errp)
{
    if (chr->be) {
        error_setg(errp, "Device '%s' is in use", chr->label);
        return false;
    }
    memset(be, 0, sizeof(*be));
    be->chr = chr;
    chr->be = be;
    return true;
}

void qemu_chr_fe_deinit(CharBackend *be)
{
    Chardev *chr = be->chr;

    if (!chr) {
        return;
    }
    qemu_chr_fe_set_handlers(be, NULL, NULL, NULL, NULL);
    chr->be = NULL;
    chr_update_fd_handler(chr);
    be->chr = NULL;
}

void qemu_chr_fe_set_handlers(CharBackend *be, IOCanReadHandler *fd_can_read,
                              IOReadHandler *fd_read, IOEventHandler *fd_event,
                              void *opaque)
{
    Chardev *chr = be->chr;

    be->chr_can_read = fd_can_read;
    be->chr_read = fd_read;
    be->chr_event = fd_event;
    be->opaque = opaque;
    if (!chr) {
        return;
    }
    chr->read_throttled = false;
    chr_update_fd_handler(chr);
    if (chr->be_open && fd_event) {
        fd_event(opaque, CHR_EVENT_OPENED);
    }
}

void qemu_chr_fe_accept_input(CharBackend *be)
{
    Chardev *chr = be->chr;

    if (chr && chr->read_throttled) {
        chr->read_throttled = false;
        chr_update_fd_handler(chr);
    }
}

int qemu_chr_fe_write_all(CharBackend *be, const uint8_t *buf, int len)
{
    return be->chr ? qemu_chr_write_all(be->chr, buf, len) : -1;
}

int qemu_chr_fe_get_msgfd(CharBackend *be)
{
    Chardev *chr = be->chr;

    return chr && chr->cls->get_msgfd ? chr->cls->get_msgfd(chr) : -1;
}

/*
 * query-chardev
 */

ChardevInfoList *qmp_query_chardev(Error **errp)
{
    ChardevInfoList *list = NULL, **tail = &list;

    for (GList *l = chardevs; l; l = l->next) {
        Chardev *chr = l->data;
        ChardevInfoList *entry = g_new0(ChardevInfoList, 1);

        entry->value = g_new0(ChardevInfo, 1);
        entry->value->label = g_strdup(chr->label);
        entry->value->filename = chr->cls->filename
                                     ? chr->cls->filename(chr)
                                     : g_strdup(chr->cls->name);
        /* A frontend with handlers is open, as QEMU's monitors are. */
        entry->value->frontend_open = chr->be && (chr->be->chr_read ||
                                                  chr->be->chr_event);
        *tail = entry;
        tail = &entry->next;
    }
    return list;
}
