/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Option strings of the command line: "name,key=value,key2=value2" as
 * given to -object, -machine, -accel and friends, and the
 * "driver.property=value" of -global.
 */
#ifndef QEMU_KEYVAL_H
#define QEMU_KEYVAL_H

/* keyval_parse() flags. */
enum {
    /*
     * A key without '=' means "key=on" (QemuOpts style, e.g. -machine
     * q35,usb).  Without this flag it is an error.
     */
    KEYVAL_BARE_ON = 1 << 0,
};

/*
 * Parse @params into a new QDict whose values are all QStrings.
 *
 * Syntax: comma-separated "key=value" items.  In a value, ",," stands
 * for one comma; a value runs to the next single comma.  A trailing
 * comma is allowed ("q35,").  If @implied_key is not NULL, a first item
 * without '=' is the value of @implied_key ("q35,accel=kvm" with
 * implied key "type" gives {type: q35, accel: kvm}).  Keys consist of
 * letters, digits, '-', '_' and '.' and start with a letter, digit or
 * '_'; dotted keys are kept as they are (no nesting).  If a key
 * repeats, the last value wins.
 *
 * Errors: "Expected parameter before '%c'" (an item starting with ','
 * or '='), "Invalid parameter '%s'" (bad key), "Parameter '%s' is too
 * long" (over 127 characters), "Expected '=' after parameter '%s'".
 */
QDict *keyval_parse(const char *params, const char *implied_key,
                    unsigned flags, Error **errp);

/*
 * Split a -global argument into new strings: "driver.property=value"
 * (the driver ends at the first '.', the property at the first '=' after
 * it; the value may be empty), or the long form
 * "driver=D,property=P,value=V".  Errors: "expected
 * 'driver.property=value', got '%s'", "Parameter '%s' is missing"
 * (long form), keyval_parse() errors.
 */
bool keyval_split_global(const char *str, char **driver, char **property,
                         char **value, Error **errp);

#endif /* QEMU_KEYVAL_H */
