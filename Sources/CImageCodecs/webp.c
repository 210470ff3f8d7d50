#include "image_codecs.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <webp/decode.h>

static vc_status vc_webp_status(VP8StatusCode code) {
    switch (code) {
    case VP8_STATUS_OK: return VC_OK;
    case VP8_STATUS_NOT_ENOUGH_DATA: return VC_TRUNCATED;
    case VP8_STATUS_UNSUPPORTED_FEATURE: return VC_UNSUPPORTED;
    default: return VC_CORRUPT;
    }
}

vc_status vc_webp_info(const uint8_t *data, size_t size, vc_info *info, char *message, size_t capacity) {
    WebPBitstreamFeatures features;
    if (message && capacity > 0) message[0] = 0;
    VP8StatusCode code = WebPGetFeatures(data, size, &features);
    if (code != VP8_STATUS_OK) {
        if (message && capacity > 0) snprintf(message, capacity, "WebP header unreadable (status %d)", (int)code);
        return vc_webp_status(code);
    }
    memset(info, 0, sizeof(*info));
    info->width = features.width;
    info->height = features.height;
    info->channels = features.has_alpha ? 4 : 3;
    info->bit_depth = 8;
    info->animated = features.has_animation;
    return VC_OK;
}

vc_status vc_webp_decode(const uint8_t *data, size_t size, int channels,
                         uint8_t *out, size_t out_size, char *message, size_t capacity) {
    vc_info info;
    vc_status status = vc_webp_info(data, size, &info, message, capacity);
    if (status != VC_OK) return status;
    if (info.animated) {
        if (message && capacity > 0) snprintf(message, capacity, "animated WebP");
        return VC_UNSUPPORTED;
    }
    size_t pixels = (size_t)info.width * (size_t)info.height;
    if (pixels * (size_t)channels != out_size) {
        if (message && capacity > 0) snprintf(message, capacity, "output buffer does not fit the image");
        return VC_BAD_BUFFER;
    }
    WebPDecoderConfig config;
    if (!WebPInitDecoderConfig(&config)) return VC_UNSUPPORTED;
    config.output.colorspace = MODE_RGB;
    config.output.is_external_memory = 1;
    uint8_t *rgb = out;
    if (channels == 1) {
        rgb = malloc(pixels * 3);
        if (!rgb) {
            if (message && capacity > 0) snprintf(message, capacity, "out of memory");
            return VC_BAD_BUFFER;
        }
    }
    config.output.u.RGBA.rgba = rgb;
    config.output.u.RGBA.stride = info.width * 3;
    config.output.u.RGBA.size = pixels * 3;
    VP8StatusCode code = WebPDecode(data, size, &config);
    WebPFreeDecBuffer(&config.output);
    if (code != VP8_STATUS_OK) {
        if (rgb != out) free(rgb);
        if (message && capacity > 0) snprintf(message, capacity, "WebP data unreadable (status %d)", (int)code);
        return vc_webp_status(code);
    }
    if (rgb != out) {
        for (size_t i = 0; i < pixels; i++) {
            out[i] = (uint8_t)((rgb[3 * i] * 77u + rgb[3 * i + 1] * 150u + rgb[3 * i + 2] * 29u) >> 8);
        }
        free(rgb);
    }
    return VC_OK;
}
