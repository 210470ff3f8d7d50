#include "image_codecs.h"

#include <png.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

// libpng's simplified API keeps its own error jumps inside libpng and answers with a flag and
// `image.message`; it converts palette, grey, 16-bit and alpha to the format asked for.

static vc_status vc_png_failure(png_image *image, char *message, size_t capacity) {
    if (message && capacity > 0) snprintf(message, capacity, "%s", image->message);
    // "Not enough image data" / "read beyond end of data" are libpng's words for data that ends early.
    vc_status status = (strstr(image->message, "end of") || strstr(image->message, "Not enough")
                        || strstr(image->message, "truncated")) ? VC_TRUNCATED : VC_CORRUPT;
    png_image_free(image);
    return status;
}

// An animated PNG keeps its other frames in chunks libpng does not know (acTL, fcTL, fdAT);
// it decodes the default image, which is the first frame or a still fallback.
static int vc_png_is_animated(const uint8_t *data, size_t size) {
    size_t offset = 8;
    while (offset + 8 <= size) {
        uint32_t length = ((uint32_t)data[offset] << 24) | ((uint32_t)data[offset + 1] << 16)
                        | ((uint32_t)data[offset + 2] << 8) | (uint32_t)data[offset + 3];
        const uint8_t *type = data + offset + 4;
        if (memcmp(type, "acTL", 4) == 0) return 1;
        if (memcmp(type, "IDAT", 4) == 0 || memcmp(type, "IEND", 4) == 0) return 0;
        if (length > size - offset - 8) return 0;
        if (size - offset - 8 - length < 4) return 0;
        offset += 12 + (size_t)length;
    }
    return 0;
}

vc_status vc_png_info(const uint8_t *data, size_t size, vc_info *info, char *message, size_t capacity) {
    png_image image;
    memset(&image, 0, sizeof(image));
    image.version = PNG_IMAGE_VERSION;
    if (message && capacity > 0) message[0] = 0;
    if (!png_image_begin_read_from_memory(&image, data, size)) return vc_png_failure(&image, message, capacity);
    memset(info, 0, sizeof(*info));
    info->width = (int32_t)image.width;
    info->height = (int32_t)image.height;
    info->channels = (int32_t)PNG_IMAGE_SAMPLE_CHANNELS(image.format);
    info->bit_depth = (image.format & PNG_FORMAT_FLAG_LINEAR) ? 16 : 8;
    info->animated = vc_png_is_animated(data, size);
    png_image_free(&image);
    return VC_OK;
}

vc_status vc_png_decode(const uint8_t *data, size_t size, int channels,
                        uint8_t *out, size_t out_size, char *message, size_t capacity) {
    png_image image;
    memset(&image, 0, sizeof(image));
    image.version = PNG_IMAGE_VERSION;
    if (message && capacity > 0) message[0] = 0;
    if (!png_image_begin_read_from_memory(&image, data, size)) return vc_png_failure(&image, message, capacity);
    // 16-bit samples are read as they are and cut to 8 bits here: asked for 8-bit output
    // directly, libpng would take them for linear light and brighten them with the sRGB curve.
    int wide = (image.format & PNG_FORMAT_FLAG_LINEAR) != 0;
    image.format = channels == 1 ? PNG_FORMAT_GRAY : PNG_FORMAT_RGB;
    if (wide) image.format |= PNG_FORMAT_FLAG_LINEAR;
    size_t samples = (size_t)image.width * (size_t)image.height * (size_t)channels;
    if (samples != out_size) {
        png_image_free(&image);
        if (message && capacity > 0) snprintf(message, capacity, "output buffer does not fit the image");
        return VC_BAD_BUFFER;
    }
    void *target = out;
    if (wide) {
        target = malloc(samples * 2);
        if (!target) {
            png_image_free(&image);
            if (message && capacity > 0) snprintf(message, capacity, "out of memory");
            return VC_BAD_BUFFER;
        }
    }
    // Transparent pixels are composed over white, as a viewer shows them.
    png_color white = {255, 255, 255};
    if (!png_image_finish_read(&image, &white, target, 0, NULL)) {
        if (wide) free(target);
        return vc_png_failure(&image, message, capacity);
    }
    if (wide) {
        const uint16_t *samples16 = target;
        for (size_t i = 0; i < samples; i++) out[i] = (uint8_t)(samples16[i] >> 8);
        free(target);
    }
    png_image_free(&image);
    return VC_OK;
}
