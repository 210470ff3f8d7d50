#ifndef VOUCH_CMALLOC_SHIM_H
#define VOUCH_CMALLOC_SHIM_H
/* glibc's allocator tuning (malloc_trim, mallopt); the Glibc module does not include it. */
#include <malloc.h>
#endif
