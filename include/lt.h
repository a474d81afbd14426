/*
 * lt.h - everything a tool includes: the core (lt/core.h, never prints or
 * exits) and the utility layer (lt/util.h: options, diagnostics, outputs).
 * Library code below the utility layer includes lt/core.h only.
 */
#ifndef LT_H
#define LT_H

#include "lt/core.h"
#include "lt/util.h"

#endif /* LT_H */
