/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * libbondd: the client library of bondd.  Include this header only.
 */
#pragma once

#define BONDD_INSIDE
#include "bondd-types.h"
#include "bondd-port.h"
#include "bondd-bond.h"
#include "bondd-client.h"
#undef BONDD_INSIDE
