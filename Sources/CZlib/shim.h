#ifndef DARKSHARE_CZLIB_SHIM_H
#define DARKSHARE_CZLIB_SHIM_H

#include <zlib.h>

/// `inflateInit` is a function-like macro, which Swift does not import; this wrapper calls it
/// with the header's own version and struct size.
static inline int darkshare_inflateInit(z_streamp stream) {
  return inflateInit(stream);
}

#endif
