#ifndef PCAPTOP_TUI_CLI_OUTPUT_H
#define PCAPTOP_TUI_CLI_OUTPUT_H
/* What the subcommands print: the API's `result` as JSON (--json), tables of
 * sanitised cells aligned for people, as RFC 4180 CSV (--csv) or as
 * "key: value" lines. */
#include <stddef.h>
#include <stdio.h>

#include "net/client.h"

/* Prints the `result` member of the raw body, pretty, for --json; returns an exit status. */
int output_result_json(const struct client_reply *r);
/* The same for the element of a list's `result` whose "id" is id. */
int output_result_json_item(const struct client_reply *r, const char *id);

/* Prints JSON text pretty, escaped like output_result_json; 1 when it is not JSON. */
int output_json_text(const char *json, FILE *f);

/* A table of sanitised cells, printed aligned or as RFC 4180 CSV. */
struct output_table {
	size_t ncols;
	size_t nrows; /* header row included */
	char **cells; /* owned; nrows * ncols owned strings */
};
void output_table_init(struct output_table *t, size_t ncols, const char *const *header);
void output_table_fini(struct output_table *t);
/* Adds a row; NULL cells are empty. Every cell is sanitised. */
void output_table_add(struct output_table *t, const char *const *cells);
void output_table_print(const struct output_table *t, FILE *f);
void output_table_csv(const struct output_table *t, FILE *f);
/* Prints "key: value" lines from a 2-column table without its header. */
void output_table_kv(const struct output_table *t, FILE *f);

#endif
