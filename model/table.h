#ifndef PCAPTOP_MODEL_TABLE_H
#define PCAPTOP_MODEL_TABLE_H
/* Lookups over X-macro tables (descriptor tables instead of switches).
 *
 *   TABLE_LOOKUP(fn, value type, key type, row count, fallback, TABLE, PICK)
 *
 * defines `value fn(key k)`: the value PICK takes from row k of TABLE, or
 * fallback for a key outside the table. PICK is an X macro that expands a row
 * to its value followed by a comma, e.g. `#define NAME_OF(e, name) name,`. */
#include <stddef.h>

#define TABLE_LOOKUP(fn, vtype, ktype, count, fallback, TABLE, PICK) \
	vtype fn(ktype k)                                            \
	{                                                            \
		static vtype const values[] = {TABLE(PICK)};         \
		return (size_t)k < (count) ? values[k] : (fallback); \
	}

#endif
