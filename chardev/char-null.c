/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The null chardev: always open, discards output, never has input. */
#include "qemu/osdep.h"
#include "char-internal.h"

static bool null_open(Chardev *chr, QDict *opts, Error **errp)
{
    chr->be_open = true;
    return true;
}

static int null_write(Chardev *chr, const uint8_t *buf, int len)
{
    return len;
}

static void null_hangup(Chardev *chr)
{
}

static void null_close(Chardev *chr)
{
}

const ChardevClass char_null_class = {
    .name = "null",
    .instance_size = sizeof(Chardev),
    .open = null_open,
    .write = null_write,
    .hangup = null_hangup,
    .close = null_close,
};
