/* libFuzzer harness: any bytes as a filter expression. When they parse,
 * the canonical form must parse to an equal filter and format to itself. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "model/filter.h"
#include "model/xalloc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *expr = xmalloc(size + 1);
	memcpy(expr, data, size);
	expr[size] = '\0';

	struct filter f, g;
	struct filter_error err;
	if (!filter_parse(expr, &f, &err)) {
		/* the error must point inside the expression */
		size_t len = strlen(expr);
		if (!filter_is_empty(&f) || err.offset > len || err.length > len - err.offset ||
		    err.message[0] == '\0')
			abort();
		free(expr);
		return 0;
	}
	char err_text[160];
	if (!filter_validate(&f, err_text, sizeof err_text))
		abort();
	char *once = filter_format(&f);
	if (!filter_parse(once, &g, &err))
		abort();
	if (!filter_equal(&f, &g))
		abort();
	char *twice = filter_format(&g);
	if (strcmp(once, twice) != 0)
		abort();
	free(twice);
	free(once);
	filter_fini(&g);
	filter_fini(&f);
	free(expr);
	return 0;
}
