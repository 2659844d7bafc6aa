#include "config.h"

#include "tui/cli/cli.h"

#include <stdlib.h>
#include <string.h>

#include "model/text.h"
#include "net/creds.h"

/* `pcaptop completion bash|zsh|fish`: the scripts are written from the
 * command table (cli.c), MAIN_OPT_TABLE (opts.h) and CLI_OPT_TABLE (cli.h),
 * so a new command or option is completed without editing a script. At
 * completion time the scripts ask `pcaptop completion profiles` (the config's
 * profile names) and `pcaptop completion ids` (the ids of the last list). */

/* X(ENUM, shell, writer) */
#define SHELL_TABLE(X)            \
	X(BASH, "bash", put_bash) \
	X(ZSH, "zsh", put_zsh)    \
	X(FISH, "fish", put_fish)

/* What an option's value completes to. */
enum value_kind { VALUE_NONE, VALUE_FILE, VALUE_PROFILE };

struct opt_desc {
	const char *name;    /* long name */
	char sh;             /* short letter or 0 */
	bool arg;            /* takes a value */
	const char *argname; /* "FILE" values complete to file names */
	const char *help;    /* NULL for a per-command option */
	int bit;             /* CLI_OPT_*, -1 for a common option */
};

static enum value_kind kind_of(const struct opt_desc *d)
{
	if (!d->arg)
		return VALUE_NONE;
	if (!strcmp(d->name, "profile"))
		return VALUE_PROFILE;
	return !strcmp(d->argname, "FILE") ? VALUE_FILE : VALUE_NONE;
}

static const struct opt_desc opts[] = {
#define X(e, name, arg, sh, argname, help) {name, (char)(sh), (arg) == 1, argname, help, -1},
    MAIN_OPT_TABLE(X)
#undef X
/* -o is main.c's short form of --output */
#define X(e, name, arg, argname) \
	{name, CLI_OPT_##e == CLI_OPT_OUTPUT ? 'o' : 0, (arg) != 0, argname, NULL, CLI_OPT_##e},
        CLI_OPT_TABLE(X)
#undef X
};
#define N_OPTS (sizeof(opts) / sizeof(opts[0]))

/* A common option the scripts offer (the refused secret options are not). */
static bool offered(const struct opt_desc *d)
{
	return d->bit >= 0 || d->help;
}

/* s as one single-quoted word for sh, zsh and fish. */
static void put_q(FILE *f, const char *s)
{
	putc('\'', f);
	for (; *s; s++)
		if (*s == '\'')
			fputs("'\\''", f);
		else
			putc(*s, f);
	putc('\'', f);
}

/* "create simple", or "get" */
static void cmd_key(const struct cli_cmd *c, char *buf, size_t size)
{
	snprintf(buf, size, "%s%s%s", c->name, c->sub ? " " : "", c->sub ? c->sub : "");
}

/* Whether c is the first row of its command name. */
static bool first_of_name(const struct cli_cmd *cmds, size_t i)
{
	for (size_t j = 0; j < i; j++)
		if (!strcmp(cmds[j].name, cmds[i].name))
			return false;
	return true;
}

/* " --a --b -o " : the options taking a value, for the word scanners. */
static void put_withval(FILE *f, const char *sep_open, const char *sep_close)
{
	fputs(sep_open, f);
	for (size_t i = 0; i < N_OPTS; i++) {
		if (!opts[i].arg || !offered(&opts[i]))
			continue;
		fprintf(f, " --%s", opts[i].name);
		if (opts[i].sh)
			fprintf(f, " -%c", opts[i].sh);
	}
	fputs(sep_close, f);
}

/* The long options a command accepts (the common ones and its own), space separated. */
static void put_cmd_opts(FILE *f, const struct cli_cmd *c)
{
	for (size_t i = 0; i < N_OPTS; i++)
		if (opts[i].bit < 0 ? offered(&opts[i]) : c && (c->opts & (1u << opts[i].bit)))
			fprintf(f, " --%s", opts[i].name);
}

/* The values of a command's first operand, as a word list for the shell; NULL if none. */
static const char *operand_source(const struct cli_cmd *c)
{
	if (c->capture_id)
		return "ids";
	if (c->run == cli_completion)
		return "shells";
	return NULL;
}

static const char *const shells[] = {
#define X(e, name, fn) name,
    SHELL_TABLE(X)
#undef X
};
#define N_SHELLS (sizeof(shells) / sizeof(shells[0]))

/* The word scan both bash and zsh run first: the command, its subcommand (and
 * the words a command's subcommands may be), the operands typed so far and a
 * --config to pass on. head: the loop's opening lines; cfg: the --config line. */
static void put_scan(FILE *f, const struct cli_cmd *cmds, size_t n, const char *head,
                     const char *cfg)
{
	fputs(head, f);
	fputs(cfg, f);
	fputs("\t\tif [[ $withval == *\" $w \"* ]]; then (( i++ )); continue; fi\n"
	      "\t\t[[ $w == -* ]] && continue\n"
	      "\t\tif [[ -n $cmd ]]; then\n"
	      "\t\t\tif [[ -z $sub && $subs == *\" $w \"* ]]; then sub=$w; else (( nops++ )); fi\n"
	      "\t\t\tcontinue\n"
	      "\t\tfi\n"
	      "\t\tcmd=$w\n"
	      "\t\tcase $cmd in\n",
	      f);
	for (size_t i = 0; i < n; i++) {
		if (!cmds[i].sub || !first_of_name(cmds, i))
			continue;
		fprintf(f, "\t\t%s) subs='", cmds[i].name);
		for (size_t j = i; j < n; j++)
			if (!strcmp(cmds[j].name, cmds[i].name))
				fprintf(f, " %s", cmds[j].sub);
		fputs(" ' ;;\n", f);
	}
	fputs("\t\tesac\n"
	      "\tdone\n",
	      f);
}

/* The `case $prev in` arms: an option that takes a value completes that value,
 * by kind (tails[VALUE_*]: the arm's action); open starts an arm's pattern. */
static void put_value_cases(FILE *f, const char *open, const char *const tails[3])
{
	fputs("\tcase $prev in\n", f);
	for (enum value_kind k = VALUE_NONE; k <= VALUE_PROFILE; k++) {
		bool any = false;
		for (size_t i = 0; i < N_OPTS; i++) {
			if (!opts[i].arg || kind_of(&opts[i]) != k || !offered(&opts[i]))
				continue;
			fprintf(f, "%s--%s", any ? "|" : open, opts[i].name);
			if (opts[i].sh)
				fprintf(f, "|-%c", opts[i].sh);
			any = true;
		}
		if (any)
			fputs(tails[k], f);
	}
	fputs("\tesac\n", f);
}

/* The arms of `case "$cmd${sub:+ $sub}" in` that set a command's options:
 * open ("o='" or "list=(") and close around the words. */
static void put_opts_cases(FILE *f, const struct cli_cmd *cmds, size_t n, const char *open,
                           const char *close)
{
	for (size_t i = 0; i < n; i++) {
		char key[48];
		cmd_key(&cmds[i], key, sizeof key);
		fprintf(f, "\t\t'%s') %s", key, open);
		put_cmd_opts(f, &cmds[i]);
		fprintf(f, "%s ;;\n", close);
	}
	fprintf(f, "\t\t*) %s", open);
	put_cmd_opts(f, NULL);
	fprintf(f, "%s ;;\n", close);
}

/* ---- bash ------------------------------------------------------------ */

static void put_bash(FILE *f, const struct cli_cmd *cmds, size_t n)
{
	fprintf(f, "# bash completion for pcaptop %s, written by `pcaptop completion bash`\n",
	        PACKAGE_VERSION);
	fputs("_pcaptop() {\n"
	      "\tlocal cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}\n"
	      "\tlocal prog=${COMP_WORDS[0]} cmd= sub= nops=0 i w subs\n"
	      "\tlocal -a cfg=()\n",
	      f);
	put_withval(f, "\tlocal withval='", " '\n");
	put_scan(f, cmds, n, "\tfor ((i = 1; i < COMP_CWORD; i++)); do\n\t\tw=${COMP_WORDS[i]}\n",
	         "\t\t[[ $w == --config ]] && cfg=(--config \"${COMP_WORDS[i+1]}\")\n");
	fputs("\tCOMPREPLY=()\n", f);
	static const char *const bash_tails[3] = {
	    ") return ;;\n",
	    ") COMPREPLY=($(compgen -f -- \"$cur\")); return ;;\n",
	    ") COMPREPLY=($(compgen -W \"$(\"$prog\" \"${cfg[@]}\" completion profiles "
	    "2>/dev/null)\" -- \"$cur\")); return ;;\n",
	};
	put_value_cases(f, "\t", bash_tails);
	fputs("\tif [[ $cur == -* ]]; then\n"
	      "\t\tlocal o\n"
	      "\t\tcase \"$cmd${sub:+ $sub}\" in\n",
	      f);
	put_opts_cases(f, cmds, n, "o='", "'");
	fputs("\t\tesac\n"
	      "\t\tCOMPREPLY=($(compgen -W \"$o\" -- \"$cur\"))\n"
	      "\t\treturn\n"
	      "\tfi\n"
	      "\tif [[ -z $cmd ]]; then\n"
	      "\t\tCOMPREPLY=($(compgen -W '",
	      f);
	for (size_t i = 0; i < n; i++)
		if (first_of_name(cmds, i))
			fprintf(f, "%s ", cmds[i].name);
	fputs("help' -- \"$cur\"))\n"
	      "\t\treturn\n"
	      "\tfi\n"
	      "\tif [[ -n $subs && -z $sub ]]; then\n"
	      "\t\tCOMPREPLY=($(compgen -W \"$subs\" -- \"$cur\"))\n"
	      "\t\treturn\n"
	      "\tfi\n"
	      "\t((nops == 0)) || return\n"
	      "\tcase \"$cmd${sub:+ $sub}\" in\n",
	      f);
	for (size_t i = 0; i < n; i++) {
		const char *src = operand_source(&cmds[i]);
		char key[48];
		cmd_key(&cmds[i], key, sizeof key);
		if (src && !strcmp(src, "ids"))
			fprintf(f,
			        "\t'%s') COMPREPLY=($(compgen -W \"$(\"$prog\" completion ids "
			        "2>/dev/null | cut -f1)\" -- \"$cur\")) ;;\n",
			        key);
		else if (src) {
			fprintf(f, "\t'%s') COMPREPLY=($(compgen -W '", key);
			for (size_t s = 0; s < N_SHELLS; s++)
				fprintf(f, "%s%s", s ? " " : "", shells[s]);
			fputs("' -- \"$cur\")) ;;\n", f);
		}
	}
	fputs("\thelp) COMPREPLY=($(compgen -W '", f);
	for (size_t i = 0; i < n; i++)
		if (first_of_name(cmds, i))
			fprintf(f, "%s%s", i ? " " : "", cmds[i].name);
	fputs("' -- \"$cur\")) ;;\n"
	      "\tesac\n"
	      "}\n"
	      "complete -F _pcaptop pcaptop\n",
	      f);
}

/* ---- zsh ------------------------------------------------------------- */

static void put_zsh(FILE *f, const struct cli_cmd *cmds, size_t n)
{
	fprintf(f,
	        "#compdef pcaptop\n"
	        "# zsh completion for pcaptop %s, written by `pcaptop completion zsh`\n",
	        PACKAGE_VERSION);
	fputs("_pcaptop() {\n"
	      "\tlocal cur=${words[CURRENT]} prev=${words[CURRENT-1]} prog=${words[1]}\n"
	      "\tlocal cmd= sub= subs= w\n"
	      "\tlocal -i i nops=0\n"
	      "\tlocal -a cfg list\n",
	      f);
	put_withval(f, "\tlocal withval='", " '\n");
	put_scan(f, cmds, n, "\tfor (( i = 2; i < CURRENT; i++ )); do\n\t\tw=${words[i]}\n",
	         "\t\t[[ $w == --config ]] && cfg=(--config ${words[i+1]})\n");
	static const char *const zsh_tails[3] = {
	    ") _message value; return ;;\n",
	    ") _files; return ;;\n",
	    ") list=(${(f)\"$($prog $cfg completion profiles 2>/dev/null)\"}); "
	    "compadd -a list; return ;;\n",
	};
	put_value_cases(f, "\t(", zsh_tails);
	fputs("\tif [[ $cur == -* ]]; then\n"
	      "\t\tcase \"$cmd${sub:+ $sub}\" in\n",
	      f);
	put_opts_cases(f, cmds, n, "list=(", ")");
	fputs("\t\tesac\n"
	      "\t\tcompadd -a list\n"
	      "\t\treturn\n"
	      "\tfi\n"
	      "\tif [[ -z $cmd ]]; then\n"
	      "\t\tlist=(\n",
	      f);
	for (size_t i = 0; i < n; i++) {
		if (!first_of_name(cmds, i))
			continue;
		char d[160];
		snprintf(d, sizeof d, "%s:%s", cmds[i].name,
		         cmds[i].sub ? "(see its subcommands)" : cmds[i].summary);
		fputs("\t\t\t", f);
		put_q(f, d);
		putc('\n', f);
	}
	fputs("\t\t\t'help:a command'\\''s help'\n"
	      "\t\t)\n"
	      "\t\t_describe command list\n"
	      "\t\treturn\n"
	      "\tfi\n"
	      "\tif [[ -n $subs && -z $sub ]]; then\n"
	      "\t\tcase $cmd in\n",
	      f);
	for (size_t i = 0; i < n; i++) {
		if (!cmds[i].sub || !first_of_name(cmds, i))
			continue;
		fprintf(f, "\t\t%s) list=(", cmds[i].name);
		for (size_t j = i; j < n; j++)
			if (!strcmp(cmds[j].name, cmds[i].name)) {
				char d[160];
				snprintf(d, sizeof d, "%s:%s", cmds[j].sub, cmds[j].summary);
				putc(' ', f);
				put_q(f, d);
			}
		fputs(") ;;\n", f);
	}
	fputs("\t\tesac\n"
	      "\t\t_describe subcommand list\n"
	      "\t\treturn\n"
	      "\tfi\n"
	      "\t(( nops == 0 )) || return\n"
	      "\tcase \"$cmd${sub:+ $sub}\" in\n",
	      f);
	for (size_t i = 0; i < n; i++) {
		const char *src = operand_source(&cmds[i]);
		char key[48];
		cmd_key(&cmds[i], key, sizeof key);
		if (src && !strcmp(src, "ids"))
			fprintf(f,
			        "\t'%s') list=(${(f)\"$($prog completion ids 2>/dev/null)\"}); "
			        "list=(${list/$'\\t'/:}); _describe 'capture id' list ;;\n",
			        key);
		else if (src) {
			fprintf(f, "\t'%s') compadd", key);
			for (size_t s = 0; s < N_SHELLS; s++)
				fprintf(f, " %s", shells[s]);
			fputs(" ;;\n", f);
		}
	}
	fputs("\thelp) compadd", f);
	for (size_t i = 0; i < n; i++)
		if (first_of_name(cmds, i))
			fprintf(f, " %s", cmds[i].name);
	fputs(" ;;\n"
	      "\tesac\n"
	      "}\n"
	      "if [[ ${zsh_eval_context[-1]} == loadautofunc ]]; then\n"
	      "\t_pcaptop \"$@\"\n"
	      "else\n"
	      "\tcompdef _pcaptop pcaptop\n"
	      "fi\n",
	      f);
}

/* ---- fish ------------------------------------------------------------ */

static void put_fish(FILE *f, const struct cli_cmd *cmds, size_t n)
{
	fprintf(f, "# fish completion for pcaptop %s, written by `pcaptop completion fish`\n",
	        PACKAGE_VERSION);
	put_withval(f, "set -g __pcaptop_withval", "\n");
	fputs("function __pcaptop_subs\n"
	      "\tswitch $argv[1]\n",
	      f);
	for (size_t i = 0; i < n; i++) {
		if (!cmds[i].sub || !first_of_name(cmds, i))
			continue;
		fprintf(f, "\tcase %s\n\t\tprintf '%%s\\n'", cmds[i].name);
		for (size_t j = i; j < n; j++)
			if (!strcmp(cmds[j].name, cmds[i].name))
				fprintf(f, " %s", cmds[j].sub);
		putc('\n', f);
	}
	fputs("\tend\n"
	      "end\n"
	      "# __pcaptop_at CMD SUB: the words typed so far are CMD SUB and no operand\n"
	      "# (\"\" for none; \"*\" for any)\n"
	      "function __pcaptop_at\n"
	      "\tset -l toks (commandline -opc)\n"
	      "\tset -e toks[1]\n"
	      "\tset -l cmd ''\n"
	      "\tset -l sub ''\n"
	      "\tset -l nops 0\n"
	      "\tset -l skip 0\n"
	      "\tfor t in $toks\n"
	      "\t\tif test $skip = 1\n"
	      "\t\t\tset skip 0\n"
	      "\t\telse if contains -- $t $__pcaptop_withval\n"
	      "\t\t\tset skip 1\n"
	      "\t\telse if string match -q -- '-*' $t\n"
	      "\t\telse if test -z \"$cmd\"\n"
	      "\t\t\tset cmd $t\n"
	      "\t\telse if test -z \"$sub\"; and contains -- $t (__pcaptop_subs $cmd)\n"
	      "\t\t\tset sub $t\n"
	      "\t\telse\n"
	      "\t\t\tset nops (math $nops + 1)\n"
	      "\t\tend\n"
	      "\tend\n"
	      "\ttest \"$argv[1]\" = '*' -o \"$argv[1]\" = \"$cmd\"; or return 1\n"
	      "\ttest \"$argv[2]\" = '*'; and return 0\n"
	      "\ttest \"$argv[2]\" = \"$sub\" -a $nops = 0\n"
	      "end\n"
	      "function __pcaptop_profiles\n"
	      "\tset -l toks (commandline -opc)\n"
	      "\tset -l cfg\n"
	      "\tif set -l i (contains -i -- --config $toks)\n"
	      "\t\tset cfg --config $toks[(math $i + 1)]\n"
	      "\tend\n"
	      "\tcommand $toks[1] $cfg completion profiles 2>/dev/null\n"
	      "end\n"
	      "function __pcaptop_ids\n"
	      "\tset -l toks (commandline -opc)\n"
	      "\tcommand $toks[1] completion ids 2>/dev/null\n"
	      "end\n"
	      "complete -c pcaptop -f\n",
	      f);
	for (size_t i = 0; i < n; i++) {
		if (!first_of_name(cmds, i))
			continue;
		fprintf(f, "complete -c pcaptop -n '__pcaptop_at \"\" \"\"' -a %s -d ",
		        cmds[i].name);
		put_q(f, cmds[i].sub ? "(see its subcommands)" : cmds[i].summary);
		putc('\n', f);
		if (cmds[i].sub)
			for (size_t j = i; j < n; j++)
				if (!strcmp(cmds[j].name, cmds[i].name)) {
					fprintf(f,
					        "complete -c pcaptop -n '__pcaptop_at %s \"\"' -a "
					        "%s -d ",
					        cmds[i].name, cmds[j].sub);
					put_q(f, cmds[j].summary);
					putc('\n', f);
				}
	}
	fputs("complete -c pcaptop -n '__pcaptop_at \"\" \"\"' -a help -d 'a command'\\''s help'\n",
	      f);
	for (size_t i = 0; i < N_OPTS; i++) {
		const struct opt_desc *d = &opts[i];
		if (!offered(d))
			continue;
		if (d->bit >= 0) { /* only after a command that takes it */
			for (size_t j = 0; j < n; j++)
				if (cmds[j].opts & (1u << d->bit)) {
					fprintf(f,
					        "complete -c pcaptop -n '__pcaptop_at %s %s' -l %s",
					        cmds[j].name, cmds[j].sub ? cmds[j].sub : "\"*\"",
					        d->name);
					if (d->sh)
						fprintf(f, " -s %c", d->sh);
					fputs(d->arg ? (kind_of(d) == VALUE_FILE ? " -r -F" : " -x")
					             : "",
					      f);
					putc('\n', f);
				}
			continue;
		}
		fprintf(f, "complete -c pcaptop -l %s", d->name);
		if (d->sh)
			fprintf(f, " -s %c", d->sh);
		if (d->arg)
			fputs(kind_of(d) == VALUE_FILE      ? " -r -F"
			      : kind_of(d) == VALUE_PROFILE ? " -x -a '(__pcaptop_profiles)'"
			                                    : " -x",
			      f);
		fputs(" -d ", f);
		put_q(f, d->help);
		putc('\n', f);
	}
	for (size_t i = 0; i < n; i++) {
		const char *src = operand_source(&cmds[i]);
		if (!src)
			continue;
		fprintf(f, "complete -c pcaptop -n '__pcaptop_at %s %s' -a ", cmds[i].name,
		        cmds[i].sub ? cmds[i].sub : "\"\"");
		if (!strcmp(src, "ids"))
			fputs("'(__pcaptop_ids)'\n", f);
		else {
			putc('\'', f);
			for (size_t s = 0; s < N_SHELLS; s++)
				fprintf(f, "%s%s", s ? " " : "", shells[s]);
			fputs("'\n", f);
		}
	}
	fputs("complete -c pcaptop -n '__pcaptop_at help \"\"' -a '", f);
	for (size_t i = 0; i < n; i++)
		if (first_of_name(cmds, i))
			fprintf(f, "%s%s", i ? " " : "", cmds[i].name);
	fputs("'\n", f);
}

/* ---- the command ------------------------------------------------------ */

/* The config's profile names that are safe words for a shell (the scripts
 * hand them to compgen -W, which expands them). */
static int print_profiles(const struct cli_ctx *ctx)
{
	struct creds_config cfg;
	char err[256];
	if (creds_config_load(&cfg, ctx->o->config_path, err, sizeof err) == 0) {
		for (size_t i = 0; i < cfg.n_entries; i++) {
			const char *s = cfg.entries[i].section;
			if (!*s || strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
			                     "0123456789_.@+-") != strlen(s))
				continue;
			bool seen = false;
			for (size_t j = 0; j < i && !seen; j++)
				seen = !strcmp(cfg.entries[j].section, s);
			if (!seen)
				printf("%s\n", s);
		}
	}
	creds_config_fini(&cfg);
	return 0;
}

int cli_completion(struct cli_ctx *ctx)
{
	const char *what = ctx->a->operands[0];
	size_t n;
	const struct cli_cmd *cmds = cli_commands(&n);
	static void (*const writers[])(FILE *, const struct cli_cmd *, size_t) = {
#define X(e, name, fn) fn,
	    SHELL_TABLE(X)
#undef X
	};
	for (size_t s = 0; s < N_SHELLS; s++)
		if (!strcmp(what, shells[s])) {
			writers[s](stdout, cmds, n);
			return 0;
		}
	if (!strcmp(what, "ids"))
		return cli_ids_cache_print(stdout);
	if (!strcmp(what, "profiles"))
		return print_profiles(ctx);
	char *q = text_sanitize(what, strlen(what) > 40 ? 40 : strlen(what), false);
	cli_invalid("completion: expected bash, zsh or fish (got \"%s\")", q);
	free(q);
	return 2;
}
