#ifndef DARKSHARE_CZLIB_SHIM_H
#define DARKSHARE_CZLIB_SHIM_H

#include <zlib.h>

/// `inflateInit` is a function-like macro, which Swift does not import; this wrapper calls it
/// with the header's own version and struct size.
static inline int darkshare_inflateInit(z_streamp stream) {
  return inflateInit(stream);
}

/// `inflateInit2` (a macro too): `windowBits` 15 + 16 reads gzip, -15 raw deflate (zip entries).
static inline int darkshare_inflateInit2(z_streamp stream, int windowBits) {
  return inflateInit2(stream, windowBits);
}

/// `deflateInit2` (a macro too), used by tests to build archives: `windowBits` as for inflate.
static inline int darkshare_deflateInit2(z_streamp stream, int level, int windowBits) {
  return deflateInit2(stream, level, Z_DEFLATED, windowBits, 8, Z_DEFAULT_STRATEGY);
}

#endif
