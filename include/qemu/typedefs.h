/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Forward declarations of types used across subsystem headers. */
#ifndef QEMU_TYPEDEFS_H
#define QEMU_TYPEDEFS_H

typedef struct Error Error;
typedef struct QObject QObject;
typedef struct QDict QDict;
typedef struct QList QList;
typedef struct QString QString;
typedef struct QNum QNum;
typedef struct QBool QBool;
typedef struct QNull QNull;

#endif /* QEMU_TYPEDEFS_H */
