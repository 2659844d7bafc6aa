#ifndef PCAPTOP_TUI_WIDGET_FORM_H
#define PCAPTOP_TUI_WIDGET_FORM_H
/* The widgets (tui/widget/): lineedit.c, the one line editor every text
 * field uses; form.c, a generic form: one line per field (label, editor or
 * picker, hint), the field's message on the line below it, a foot line.
 * form_key is pure logic; form_draw puts it on a curses window. */
#include <stdbool.h>
#include <stddef.h>

#include "tui/widget/lineedit.h"

struct theme;
struct _win_st;

enum form_kind { FORM_TEXT, FORM_CHOICE };

struct form_field {
	int tag;           /* the owner's id for the field */
	const char *label; /* borrowed (static) */
	const char *hint;  /* borrowed (static): range and unit */
	enum form_kind kind;
	struct lineedit le; /* FORM_TEXT */
	char **choices;     /* owned array of owned strings (FORM_CHOICE) */
	size_t nchoices, choice;
	char error[320]; /* shown below the field; "" none */
	char note[160];  /* shown below the field when there is no error */
	bool secret;     /* shown as stars */
};

enum form_result { FORM_NONE, FORM_EDITED, FORM_SUBMIT, FORM_CANCEL };

struct form {
	char title[96];
	struct form_field *fields; /* owned array of count */
	size_t count, cap;
	size_t focus;
	char foot[512]; /* message at the foot ("" none) */
	bool foot_error;
	bool edited; /* something was typed since the form was filled */
};

void form_init(struct form *f, const char *title);
void form_fini(struct form *f);
struct form_field *form_add(struct form *f, int tag, enum form_kind kind, const char *label,
                            const char *hint);
struct form_field *form_field(struct form *f, int tag); /* NULL when absent */
const char *form_text(struct form *f, int tag);         /* "" when absent */
void form_set_text(struct form *f, int tag, const char *text);
void choice_add(struct form_field *ff, const char *text);
void form_clear_errors(struct form *f);
/* Moves, edits, submits (Enter) or cancels (Esc). */
enum form_result form_key(struct form *f, int key);
/* Lines form_draw needs. */
int form_height(const struct form *f);
void form_draw(struct _win_st *w, struct form *f, const struct theme *t, bool ascii);

#endif
