#ifndef VOUCH_CLIBPQ_SHIM_H
#define VOUCH_CLIBPQ_SHIM_H
#include <libpq-fe.h>
#endif
