#ifndef DISTRICT_CPROTOBUFC_SHIM_H
#define DISTRICT_CPROTOBUFC_SHIM_H
#include <protobuf-c/protobuf-c.h>
#endif
