/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Entry point of qemu-system-x86_64. */
#include "qemu/osdep.h"
#include "system/system.h"

int main(int argc, char **argv)
{
    qemu_init(argc, argv);
    return qemu_main_loop();
}
