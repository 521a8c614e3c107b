# SPDX-License-Identifier: GPL-2.0-or-later
"""Our QAPI code generator (see docs/devel/qapi.md)."""
