#include "config.h"

#include "net/retry.h"

#include <string.h>

#include "net/http_headers.h"

bool retry_tls_error(CURLcode res)
{
	switch (res) {
	case CURLE_PEER_FAILED_VERIFICATION:
	case CURLE_SSL_CONNECT_ERROR:
	case CURLE_SSL_CERTPROBLEM:
	case CURLE_SSL_CIPHER:
	case CURLE_SSL_CACERT_BADFILE:
	case CURLE_SSL_ISSUER_ERROR:
	case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
	case CURLE_SSL_INVALIDCERTSTATUS:
	case CURLE_SSL_CRL_BADFILE:
		return true;
	default:
		return false;
	}
}

bool retry_connection_error(CURLcode res)
{
	switch (res) {
	case CURLE_COULDNT_RESOLVE_HOST:
	case CURLE_COULDNT_CONNECT:
	case CURLE_GOT_NOTHING:
	case CURLE_SEND_ERROR:
	case CURLE_RECV_ERROR:
	case CURLE_PARTIAL_FILE:
	case CURLE_HTTP2:
	case CURLE_HTTP2_STREAM:
		return true;
	default:
		return false;
	}
}

bool retry_maybe_sent(CURLcode res, bool connected)
{
	if (res == CURLE_COULDNT_RESOLVE_HOST || res == CURLE_COULDNT_CONNECT)
		return false;
	return connected || res != CURLE_OPERATION_TIMEDOUT;
}

bool retry_status(long status)
{
	return status == 408 || status == 429 || (status >= 500 && status <= 599);
}

double retry_delay(const char *method, int attempts, int max_attempts, double retry_after,
                   double unit)
{
	if (strcmp(method, "GET") != 0 || attempts >= max_attempts)
		return -1;
	if (retry_after >= 0) /* a longer wait is reported as rate limited with the value */
		return http_retry_after_honoured(retry_after) ? retry_after : -1;
	return http_backoff_delay(attempts - 1, unit);
}

double retry_unit(unsigned *rng)
{
	*rng = *rng * 1103515245u + 12345u;
	return (double)((*rng >> 8) & 0xffffff) / (double)0x1000000;
}
