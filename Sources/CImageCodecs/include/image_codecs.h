// Thin C wrappers over the system's image decoders (libjpeg-turbo, libpng, libwebp, libheif).
//
// libjpeg reports errors by calling a function that must not return, and the usual answer is
// setjmp/longjmp, which Swift cannot do: these wrappers keep every such jump inside C and return
// a status instead. Each format has two calls: `info` reads the header only (no pixel memory),
// so the caller can check the dimensions against its limits before it allocates; `decode`
// writes 8-bit grey (1 channel) or RGB (3 channels) rows into a buffer the caller allocated.
#ifndef VOUCH_IMAGE_CODECS_H
#define VOUCH_IMAGE_CODECS_H

#include <stddef.h>
#include <stdint.h>

typedef enum {
    VC_OK = 0,
    /// The data is not a valid image of the format.
    VC_CORRUPT = 1,
    /// The data ends before the image does.
    VC_TRUNCATED = 2,
    /// A valid image this build does not decode (a colour model, a codec).
    VC_UNSUPPORTED = 3,
    /// The buffer given is not the size the image needs.
    VC_BAD_BUFFER = 4,
} vc_status;

typedef struct {
    int32_t width;
    int32_t height;
    /// Channels as stored: 1 grey, 2 grey+alpha, 3 colour, 4 colour+alpha or CMYK.
    int32_t channels;
    /// Bits per channel as stored.
    int32_t bit_depth;
    /// 1 when the file holds more than one frame (only the first is decoded).
    int32_t animated;
    /// 1 for a CMYK or YCCK JPEG.
    int32_t cmyk;
} vc_info;

/// `message` receives a short reason on failure (at most `capacity` bytes, NUL-terminated).
vc_status vc_jpeg_info(const uint8_t *data, size_t size, vc_info *info, char *message, size_t capacity);
/// Decodes at 1/`scale_denom` of the size (1, 2, 4 or 8: libjpeg scales in the DCT, so a smaller
/// copy costs less than a full decode). The output is ceil(width / scale_denom) wide.
vc_status vc_jpeg_decode(const uint8_t *data, size_t size, int channels, int scale_denom,
                         uint8_t *out, size_t out_size, char *message, size_t capacity);

vc_status vc_png_info(const uint8_t *data, size_t size, vc_info *info, char *message, size_t capacity);
vc_status vc_png_decode(const uint8_t *data, size_t size, int channels,
                        uint8_t *out, size_t out_size, char *message, size_t capacity);

vc_status vc_webp_info(const uint8_t *data, size_t size, vc_info *info, char *message, size_t capacity);
vc_status vc_webp_decode(const uint8_t *data, size_t size, int channels,
                         uint8_t *out, size_t out_size, char *message, size_t capacity);

vc_status vc_heif_info(const uint8_t *data, size_t size, vc_info *info, char *message, size_t capacity);
vc_status vc_heif_decode(const uint8_t *data, size_t size, int channels,
                         uint8_t *out, size_t out_size, char *message, size_t capacity);

#endif
