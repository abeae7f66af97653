#ifndef DISTRICT_CZLIB_SHIM_H
#define DISTRICT_CZLIB_SHIM_H
#include <zlib.h>
#endif
