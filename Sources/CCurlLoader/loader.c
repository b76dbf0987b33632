#include "CCurlLoader.h"

#include <ctype.h>
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

// The libcurl ABI (stable since libcurl 7.x, soname libcurl.so.4), declared here so neither
// libcurl nor its development files are needed to build: option numbers from curl.h.
typedef void CURL;
struct curl_slist;
typedef int CURLcode;
enum {
  DS_CURLOPT_WRITEDATA = 10001,
  DS_CURLOPT_URL = 10002,
  DS_CURLOPT_PROXY = 10004,
  DS_CURLOPT_ERRORBUFFER = 10010,
  DS_CURLOPT_WRITEFUNCTION = 20011,
  DS_CURLOPT_USERAGENT = 10018,
  DS_CURLOPT_HEADERDATA = 10029,
  DS_CURLOPT_NOBODY = 44,
  DS_CURLOPT_FOLLOWLOCATION = 52,
  DS_CURLOPT_HTTPGET = 80,
  DS_CURLOPT_NOSIGNAL = 99,
  DS_CURLOPT_HEADERFUNCTION = 20079,
  DS_CURLOPT_TIMEOUT_MS = 155,
  DS_CURLOPT_CONNECTTIMEOUT_MS = 156,
  DS_CURLOPT_PROTOCOLS = 181,
  DS_CURLOPT_REDIR_PROTOCOLS = 182,
  DS_CURLOPT_RESOLVE = 10203,
  DS_CURLINFO_RESPONSE_CODE = 0x200002,
  DS_CURLPROTO_HTTP = 1,
  DS_CURLPROTO_HTTPS = 2,
  DS_CURL_GLOBAL_ALL = 3,
  DS_CURL_ERROR_SIZE = 256,
};

static struct {
  CURLcode (*global_init)(long);
  CURL *(*easy_init)(void);
  CURLcode (*easy_setopt)(CURL *, int, ...);
  CURLcode (*easy_perform)(CURL *);
  CURLcode (*easy_getinfo)(CURL *, int, ...);
  void (*easy_cleanup)(CURL *);
  const char *(*easy_strerror)(CURLcode);
  struct curl_slist *(*slist_append)(struct curl_slist *, const char *);
  void (*slist_free_all)(struct curl_slist *);
} curl;

static pthread_mutex_t load_lock = PTHREAD_MUTEX_INITIALIZER;
static int load_tried = 0;
static int load_ok = 0;
static char load_reason[512];

static int load(const char *library) {
  void *handle = dlopen(library, RTLD_NOW | RTLD_LOCAL);
  if (!handle) {
    snprintf(load_reason, sizeof load_reason, "%s", dlerror());
    return 0;
  }
#define DS_SYMBOL(field, name)                                                                    \
  if (!(*(void **)&curl.field = dlsym(handle, name))) {                                           \
    snprintf(load_reason, sizeof load_reason, "%s has no %s", library, name);                     \
    return 0;                                                                                     \
  }
  DS_SYMBOL(global_init, "curl_global_init")
  DS_SYMBOL(easy_init, "curl_easy_init")
  DS_SYMBOL(easy_setopt, "curl_easy_setopt")
  DS_SYMBOL(easy_perform, "curl_easy_perform")
  DS_SYMBOL(easy_getinfo, "curl_easy_getinfo")
  DS_SYMBOL(easy_cleanup, "curl_easy_cleanup")
  DS_SYMBOL(easy_strerror, "curl_easy_strerror")
  DS_SYMBOL(slist_append, "curl_slist_append")
  DS_SYMBOL(slist_free_all, "curl_slist_free_all")
#undef DS_SYMBOL
  // Once, before any thread makes a request: curl_global_init is not thread-safe.
  if (curl.global_init(DS_CURL_GLOBAL_ALL) != 0) {
    snprintf(load_reason, sizeof load_reason, "curl_global_init failed");
    return 0;
  }
  return 1;
}

int ds_curl_load(const char *library, char *reason, size_t reason_size) {
  pthread_mutex_lock(&load_lock);
  if (!load_tried) {
    load_tried = 1;
    load_ok = load(library);
  }
  int ok = load_ok;
  if (!ok && reason && reason_size > 0) snprintf(reason, reason_size, "%s", load_reason);
  pthread_mutex_unlock(&load_lock);
  return ok;
}

// Each header line of the response; keeps the Location value.
static size_t on_header(char *data, size_t size, size_t count, void *user) {
  ds_curl_hop *result = user;
  size_t length = size * count;
  static const char name[] = "location:";
  if (length > sizeof name - 1 && strncasecmp(data, name, sizeof name - 1) == 0) {
    const char *value = data + sizeof name - 1;
    size_t rest = length - (sizeof name - 1);
    while (rest > 0 && (*value == ' ' || *value == '\t')) value++, rest--;
    while (rest > 0 && isspace((unsigned char)value[rest - 1])) rest--;
    if (rest >= sizeof result->location) {
      result->location_too_long = 1;
      return length;
    }
    memcpy(result->location, value, rest);
    result->location[rest] = 0;
  }
  return length;
}

// The body began: stop (returning less than offered makes curl abort the transfer).
static size_t on_body(char *data, size_t size, size_t count, void *user) {
  (void)data, (void)size, (void)count, (void)user;
  return 0;
}

void ds_curl_request(const char *url, int head, const char *pin, long timeout_ms, const char *user_agent,
                     ds_curl_hop *result) {
  memset(result, 0, sizeof *result);
  CURL *easy = curl.easy_init();
  if (!easy) {
    snprintf(result->error, sizeof result->error, "curl_easy_init failed");
    return;
  }
  char error[DS_CURL_ERROR_SIZE] = {0};
  struct curl_slist *pins = pin ? curl.slist_append(NULL, pin) : NULL;
  curl.easy_setopt(easy, DS_CURLOPT_ERRORBUFFER, error);
  curl.easy_setopt(easy, DS_CURLOPT_URL, url);
  curl.easy_setopt(easy, DS_CURLOPT_PROTOCOLS, (long)(DS_CURLPROTO_HTTP | DS_CURLPROTO_HTTPS));
  curl.easy_setopt(easy, DS_CURLOPT_REDIR_PROTOCOLS, (long)(DS_CURLPROTO_HTTP | DS_CURLPROTO_HTTPS));
  curl.easy_setopt(easy, DS_CURLOPT_FOLLOWLOCATION, 0L);
  curl.easy_setopt(easy, DS_CURLOPT_PROXY, "");
  curl.easy_setopt(easy, DS_CURLOPT_NOSIGNAL, 1L);
  curl.easy_setopt(easy, DS_CURLOPT_TIMEOUT_MS, timeout_ms);
  curl.easy_setopt(easy, DS_CURLOPT_CONNECTTIMEOUT_MS, timeout_ms);
  curl.easy_setopt(easy, DS_CURLOPT_USERAGENT, user_agent);
  if (pins) curl.easy_setopt(easy, DS_CURLOPT_RESOLVE, pins);
  if (head) curl.easy_setopt(easy, DS_CURLOPT_NOBODY, 1L);
  else curl.easy_setopt(easy, DS_CURLOPT_HTTPGET, 1L);
  curl.easy_setopt(easy, DS_CURLOPT_HEADERFUNCTION, on_header);
  curl.easy_setopt(easy, DS_CURLOPT_HEADERDATA, result);
  curl.easy_setopt(easy, DS_CURLOPT_WRITEFUNCTION, on_body);
  CURLcode code = curl.easy_perform(easy);
  long status = 0;
  curl.easy_getinfo(easy, DS_CURLINFO_RESPONSE_CODE, &status);
  if (status > 0) {
    result->answered = 1;
    result->status = status;
  } else {
    snprintf(result->error, sizeof result->error, "%s", error[0] ? error : curl.easy_strerror(code));
  }
  curl.easy_cleanup(easy);
  if (pins) curl.slist_free_all(pins);
}
