/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Start-up and the main loop of the emulator process. */
#ifndef SYSTEM_SYSTEM_H
#define SYSTEM_SYSTEM_H

/* Parse the command line and set everything up; exits on bad options. */
void qemu_init(int argc, char **argv);

/* Run until asked to quit; returns the process exit status. */
int qemu_main_loop(void);

#endif /* SYSTEM_SYSTEM_H */
