#ifndef DARKSHARE_CCURLLOADER_H
#define DARKSHARE_CCURLLOADER_H

#include <stddef.h>

/// libcurl, loaded on demand with dlopen (never linked): `--resolve` is the only user, so a run
/// without it loads neither libcurl nor the TLS and HTTP/2 libraries behind it.

/// Loads `library` (e.g. "libcurl.so.4") and looks up the few curl_easy_* functions needed, once
/// per process (later calls return the first outcome, whatever name they pass). Returns 1 when
/// libcurl is usable; otherwise 0, with the loader's reason copied into `reason`.
int ds_curl_load(const char *library, char *reason, size_t reason_size);

/// The answer to one request.
typedef struct {
  /// 1 when a status line arrived (status and location are meaningful), 0 otherwise.
  int answered;
  /// The HTTP status code.
  long status;
  /// The Location header's value (without surrounding white space), "" when absent.
  char location[4096];
  /// 1 when the Location header did not fit in `location` (it is then left empty).
  int location_too_long;
  /// Why no status arrived (curl's error text), "" when one did.
  char error[256];
} ds_curl_hop;

/// Makes one request without following redirects and without reading a body: HEAD when `head`
/// is 1, else GET (stopped as soon as the body begins). `pin` ("host:port:address", curl's
/// CURLOPT_RESOLVE form) makes curl connect to that address instead of resolving the name
/// itself; NULL for an IP-literal host. No proxy is used, only http and https are allowed.
/// ds_curl_load must have returned 1 first.
void ds_curl_request(const char *url, int head, const char *pin, long timeout_ms, const char *user_agent,
                     ds_curl_hop *result);

#endif
