#include "config.h"

#include "tui/dash/view_header.h"

#include <stdio.h>
#include <string.h>

#include "model/text.h"
#include "model/timefmt.h"
#include "tui/term/cells.h"
#include "tui/term/draw.h"

static void fmt_secs(double s, char *buf, size_t size)
{
	timefmt_format_duration(s < 0 ? 0 : (int64_t)(s + 0.5), buf, size);
}

/* A redraw for new text (DIRTY_HEADER_TEXT) draws only the right-hand side
 * when the rest of the line would come out as it is: the same window (no new
 * one since: view_header_forget), width, theme and glyphs, the same left text
 * cut at the same place (the right side as wide), and no banner line (it
 * shows the age too). */
static bool same_rest(const struct dash_header_drawn *was, const struct dash_header_drawn *now)
{
	return was->valid && was->theme == now->theme && was->ascii == now->ascii &&
	       was->cols == now->cols && was->rw == now->rw && was->readonly == now->readonly &&
	       !was->banner && !now->banner && strcmp(was->left, now->left) == 0;
}

void view_header_forget(struct dash_view_state *vs)
{
	vs->header_drawn.valid = false;
}

void view_header_draw(WINDOW *w, const struct dash_frame *f)
{
	const struct theme *t = f->theme;
	int cols = getmaxx(w), ah = theme_attr(t, THEME_HEADER);
	struct dash_header_drawn now = {
	    .valid = true, .theme = t, .ascii = f->ascii, .cols = cols, .readonly = f->readonly};
	char *left = now.left, right[256], a[32], b[48];
	/* the count once there is one (before the first answer it is unknown, not
	 * 0), then the API, which is cut first when the line is short */
	char count[48] = "";
	if (f->age >= 0)
		snprintf(count, sizeof count, "  %zu capture%s", f->total,
		         f->total == 1 ? "" : "s");
	snprintf(left, sizeof now.left, "account %s%s%s%s", f->account, count,
	         f->api_base ? "  api " : "", f->api_base ? f->api_base : "");
	if (f->age < 0)
		snprintf(a, sizeof a, "never");
	else {
		fmt_secs(f->age, a, sizeof a);
		strcat(a, " ago");
	}
	char d[24];
	if (f->retry_in > 0) { /* a 429: the API's Retry-After, counted down */
		fmt_secs(f->retry_in, d, sizeof d);
		snprintf(b, sizeof b, "rate limited, retry in %s", d);
	} else if (f->inflight) {
		snprintf(b, sizeof b, "refreshing");
	} else {
		fmt_secs(f->next_in, d, sizeof d);
		snprintf(b, sizeof b, "next in %s%s", d, f->paced ? " (paced)" : "");
	}
	int o = snprintf(right, sizeof right, "refreshed %s  %s", a, b);
	if (f->rl_remaining >= 0 && o > 0 && (size_t)o < sizeof right) {
		if (f->rl_quota >= 0)
			snprintf(right + o, sizeof right - (size_t)o, "  r=%ld/%ld",
			         f->rl_remaining, f->rl_quota);
		else
			snprintf(right + o, sizeof right - (size_t)o, "  r=%ld", f->rl_remaining);
	}
	int rw = cells_width(right) + 1;
	if (rw > cols)
		rw = cols;
	int lw = cols - rw - 1;
	now.rw = rw;
	now.banner = getmaxy(w) > 1 && f->banner;
	if (f->header_text_only && same_rest(&f->vs->header_drawn, &now)) {
		draw_fill(w, 0, cols - rw, rw, ah);
		draw_text_ellipsis(w, 0, cols - rw, right, rw, ah, f->ascii);
		wnoutrefresh(w);
		return;
	}
	f->vs->header_drawn = now;
	werase(w);
	draw_fill(w, 0, 0, cols, ah);
	int x = draw_text(w, 0, 0, " pcaptop  ", lw, ah);
	if (f->readonly && lw - x > 11) {
		/* writes are refused: a badge, the cause is in the refusal's message */
		x += draw_text(w, 0, x, " READ-ONLY ", lw - x,
		               theme_attr(t, THEME_BANNER_WARN) | A_BOLD);
		x += draw_text(w, 0, x, " ", lw - x, ah);
	}
	char cut[sizeof now.left];
	cells_ellipsis(left, lw - x, f->ascii, cut, sizeof cut);
	draw_text(w, 0, x, cut, lw - x, ah);
	draw_text_ellipsis(w, 0, cols - rw, right, rw, ah, f->ascii);
	if (now.banner) {
		int ab = theme_attr(t, f->banner_error ? THEME_BANNER_ERROR : THEME_BANNER_WARN);
		char msg[768], r[32];
		/* the age comes first so a long error message cannot push it off screen */
		int n = snprintf(msg, sizeof msg, " %s ", f->ascii ? "!" : "⚠");
		if (f->age >= 0) {
			fmt_secs(f->age, a, sizeof a);
			n += snprintf(msg + n, sizeof msg - (size_t)n, "last good refresh %s ago",
			              a);
		} else {
			n += snprintf(msg + n, sizeof msg - (size_t)n, "no data yet");
		}
		if (f->retry_in > 0 && n > 0 && (size_t)n < sizeof msg) {
			fmt_secs(f->retry_in, r, sizeof r);
			n += snprintf(msg + n, sizeof msg - (size_t)n, " — Retry-After: %s", r);
		}
		if (n > 0 && (size_t)n < sizeof msg)
			snprintf(msg + n, sizeof msg - (size_t)n, " — %s", f->banner);
		draw_fill(w, 1, 0, cols, ab);
		draw_text_ellipsis(w, 1, 0, msg, cols, ab, f->ascii);
	}
	wnoutrefresh(w);
}
