#include "config.h"

#include "net/client.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

void client_config_init(struct client_config *cfg)
{
	*cfg = (struct client_config){0};
	cfg->auth = CLIENT_AUTH_TOKEN;
}

void client_secret_free(char *s)
{
	if (!s)
		return;
	volatile char *p = s;
	while (*p)
		*p++ = '\0';
	free(s);
}

void client_config_fini(struct client_config *cfg)
{
	free(cfg->base_url);
	free(cfg->account_id);
	client_secret_free(cfg->token);
	free(cfg->email);
	client_secret_free(cfg->api_key);
	free(cfg->cacert);
	free(cfg->log_path);
	client_config_init(cfg);
}

bool client_id_valid(const char *id)
{
	if (!id)
		return false;
	size_t n = strlen(id);
	if (n == 0 || n > CLIENT_ID_MAX)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!isalnum((unsigned char)id[i]) && id[i] != '-' && id[i] != '_')
			return false;
	return true;
}
