#ifndef CZLIB_H
#define CZLIB_H
#include <zlib.h>

/// inflateInit2 is a macro in <zlib.h>; Swift cannot call it directly.
int czlib_inflate_init2(z_streamp stream, int window_bits);
/// deflateInit2 is a macro in <zlib.h>; Swift cannot call it directly.
int czlib_deflate_init2(z_streamp stream, int level, int window_bits, int mem_level);
#endif
