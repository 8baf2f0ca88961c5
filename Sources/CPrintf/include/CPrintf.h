#ifndef GAZETTE_CPRINTF_H
#define GAZETTE_CPRINTF_H

#include <stddef.h>

/// Writes `value` with `decimals` decimals as printf's "%.*f" does into
/// `buffer` (`size` bytes, NUL included), and returns the length the whole
/// number needs, as snprintf does. Swift cannot call a variadic C function
/// without CVarArg, whose first use scans every conformance record of the
/// program; this is one fixed signature instead.
int gz_print_fixed(char *buffer, size_t size, int decimals, double value);

#endif
