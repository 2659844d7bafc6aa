#include "config.h"

#include "tui/cli/cli.h"
#include "tui/serve/serve.h"

int cli_serve(struct cli_ctx *ctx)
{
	cli_release_signals(ctx); /* SIGHUP re-reads the viewer tokens; SIGTERM ends the run */
	return serve_run(ctx->loop, ctx->o, ctx->a->val[CLI_OPT_LISTEN],
	                 ctx->a->val[CLI_OPT_VIEWER_TOKEN_FILE]);
}
