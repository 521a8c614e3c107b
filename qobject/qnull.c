/* SPDX-License-Identifier: GPL-2.0-or-later */
/* QNull: the one static JSON null object. */
#include "qemu/osdep.h"
#include "qobject/qnull.h"

/*
 * Starts with one reference that nobody owns, so ref/unref pairs from
 * users never bring the count to zero.
 */
QNull qnull_ = {
    .base.type = QTYPE_QNULL,
    .base.refcnt = 1,
};

bool qnull_is_equal(const QObject *x, const QObject *y)
{
    (void)x;
    (void)y;
    return true;
}
