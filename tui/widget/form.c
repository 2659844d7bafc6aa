#include "config.h"

#include "tui/widget/form.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/bucket.h"
#include "model/text.h"
#include "model/xalloc.h"
#include "tui/term/cells.h"
#include "tui/term/draw.h"
#include "tui/term/theme.h"

#define FORM_LABEL_W 15
#define FORM_INPUT_W 36

void form_init(struct form *f, const char *title)
{
	memset(f, 0, sizeof *f);
	snprintf(f->title, sizeof f->title, "%s", title);
}

void form_fini(struct form *f)
{
	for (size_t i = 0; i < f->count; i++) {
		for (size_t j = 0; j < f->fields[i].nchoices; j++)
			free(f->fields[i].choices[j]);
		free(f->fields[i].choices);
	}
	free(f->fields);
	memset(f, 0, sizeof *f);
}

struct form_field *form_add(struct form *f, int tag, enum form_kind kind, const char *label,
                            const char *hint)
{
	if (f->count == f->cap) {
		f->cap = f->cap ? f->cap * 2 : 8;
		f->fields = xreallocarray(f->fields, f->cap, sizeof *f->fields);
	}
	struct form_field *ff = &f->fields[f->count++];
	memset(ff, 0, sizeof *ff);
	ff->tag = tag;
	ff->kind = kind;
	ff->label = label;
	ff->hint = hint;
	return ff;
}

struct form_field *form_field(struct form *f, int tag)
{
	for (size_t i = 0; i < f->count; i++)
		if (f->fields[i].tag == tag)
			return &f->fields[i];
	return NULL;
}

const char *form_text(struct form *f, int tag)
{
	struct form_field *ff = form_field(f, tag);
	if (!ff)
		return "";
	if (ff->kind == FORM_CHOICE)
		return ff->nchoices ? ff->choices[ff->choice] : "";
	return ff->le.buf;
}

void form_set_text(struct form *f, int tag, const char *text)
{
	struct form_field *ff = form_field(f, tag);
	if (ff && ff->kind == FORM_TEXT) {
		lineedit_set(&ff->le, text);
		ff->le.cur = ff->le.len;
	}
}

void choice_add(struct form_field *ff, const char *text)
{
	ff->choices = xreallocarray(ff->choices, ff->nchoices + 1, sizeof *ff->choices);
	ff->choices[ff->nchoices++] = xstrdup(text);
}

void form_clear_errors(struct form *f)
{
	for (size_t i = 0; i < f->count; i++)
		f->fields[i].error[0] = '\0';
	f->foot[0] = '\0';
	f->foot_error = false;
}

enum form_result form_key(struct form *f, int key)
{
	if (!f->count)
		return key == 27 ? FORM_CANCEL : FORM_NONE;
	struct form_field *ff = &f->fields[f->focus];
	switch (key) {
	case '\t':
	case KEY_DOWN:
		f->focus = (f->focus + 1) % f->count;
		return FORM_NONE;
	case KEY_BTAB:
	case KEY_UP:
		f->focus = (f->focus + f->count - 1) % f->count;
		return FORM_NONE;
	case '\n':
	case '\r':
	case KEY_ENTER:
		return FORM_SUBMIT;
	case 27:
		return FORM_CANCEL;
	default:
		break;
	}
	if (ff->kind == FORM_CHOICE) {
		if (!ff->nchoices)
			return FORM_NONE;
		if (key == KEY_RIGHT || key == ' ' || key == 'l')
			ff->choice = (ff->choice + 1) % ff->nchoices;
		else if (key == KEY_LEFT || key == 'h')
			ff->choice = (ff->choice + ff->nchoices - 1) % ff->nchoices;
		else
			return FORM_NONE;
		f->edited = true;
		return FORM_EDITED;
	}
	size_t len = ff->le.len;
	bool changed_before = ff->le.changed;
	ff->le.changed = false;
	bool handled = lineedit_key(&ff->le, key);
	bool changed = ff->le.changed || ff->le.len != len;
	ff->le.changed = changed_before || changed;
	if (!handled)
		return FORM_NONE;
	if (changed) {
		f->edited = true;
		return FORM_EDITED;
	}
	return FORM_NONE;
}

/* Never show a secret key that is part of a URI. */
static void mask_secret(char *s, size_t size)
{
	size_t n;
	char *k = bucket_uri_secret(s, &n);
	if (!k || strlen(s) + 4 >= size)
		return;
	memmove(k + 4, k + n, strlen(k + n) + 1);
	memcpy(k, "****", 4);
}

int form_height(const struct form *f)
{
	int h = 2; /* title, blank */
	for (size_t i = 0; i < f->count; i++)
		h += 1 + (f->fields[i].error[0] || f->fields[i].note[0]);
	return h + 3; /* blank, foot, keys */
}

void form_draw(WINDOW *w, struct form *f, const struct theme *t, bool ascii)
{
	int cols = getmaxx(w), rows = getmaxy(w);
	werase(w);
	draw_title(w, 0, f->title, t, ascii);
	int y = 2;
	int inw = cols - FORM_LABEL_W - 4 > FORM_INPUT_W ? FORM_INPUT_W : cols - FORM_LABEL_W - 4;
	int cursor_y = -1, cursor_x = 0;
	for (size_t i = 0; i < f->count && y < rows - 2; i++) {
		struct form_field *ff = &f->fields[i];
		bool focus = i == f->focus;
		draw_text(w, y, 0, focus ? (ascii ? ">" : "▸") : " ", 1, theme_attr(t, THEME_KEY));
		draw_text(w, y, 2, ff->label, FORM_LABEL_W - 1, theme_attr(t, THEME_LABEL));
		int x = 2 + FORM_LABEL_W;
		int ai = theme_attr(t, THEME_INPUT) | (focus ? A_BOLD : 0);
		char view[LINEEDIT_MAX];
		bool wide = false;
		if (ff->kind == FORM_CHOICE) {
			char buf[LINEEDIT_MAX];
			snprintf(buf, sizeof buf, "%s %s %s", ascii ? "<" : "◂",
			         ff->nchoices ? ff->choices[ff->choice] : "(none)",
			         ascii ? ">" : "▸");
			text_sanitize_inplace(buf);
			mask_secret(buf, sizeof buf);
			/* a long choice (a bucket's URI) may use the hint's room */
			int cw = cells_width(buf) > inw ? cols - x : inw;
			draw_fill(w, y, x, cw, ai);
			draw_text_ellipsis(w, y, x, buf, cw, ai, ascii);
			wide = cw > inw;
		} else {
			int col = lineedit_view(&ff->le, inw, view, sizeof view);
			if (ff->secret)
				for (char *c = view; *c; c++)
					*c = '*';
			draw_fill(w, y, x, inw, ai);
			draw_text(w, y, x, view, inw, ai);
			if (focus) {
				cursor_y = y;
				cursor_x = x + col;
			}
		}
		if (ff->hint && !wide)
			draw_text_ellipsis(w, y, x + inw + 1, ff->hint, cols - x - inw - 1,
			                   theme_attr(t, THEME_DIM), ascii);
		y++;
		if (ff->error[0]) {
			draw_text(w, y, x, ascii ? "! " : "⚠ ", 2, theme_attr(t, THEME_ERROR_TEXT));
			draw_text_ellipsis(w, y, x + 2, ff->error, cols - x - 2,
			                   theme_attr(t, THEME_ERROR_TEXT), ascii);
			y++;
		} else if (ff->note[0]) {
			draw_text_ellipsis(w, y, x, ff->note, cols - x, theme_attr(t, THEME_DIM),
			                   ascii);
			y++;
		}
	}
	if (f->foot[0] && rows >= 2)
		draw_text_ellipsis(w, rows - 2, 0, f->foot, cols,
		                   theme_attr(t, f->foot_error ? THEME_ERROR_TEXT : THEME_NORMAL),
		                   ascii);
	draw_text_ellipsis(w, rows - 1, 0,
	                   "Tab/Shift-Tab/arrows move  Enter send  Esc cancel  Left/Right choose",
	                   cols, theme_attr(t, THEME_DIM), ascii);
	if (cursor_y >= 0) /* show the cursor by reversing the cell under it */
		mvwchgat(w, cursor_y, cursor_x, 1, A_REVERSE, 0, NULL);
}
