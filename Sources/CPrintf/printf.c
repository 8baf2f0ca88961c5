#include "CPrintf.h"
#include <stdio.h>

int gz_print_fixed(char *buffer, size_t size, int decimals, double value) {
    return snprintf(buffer, size, "%.*f", decimals, value);
}
