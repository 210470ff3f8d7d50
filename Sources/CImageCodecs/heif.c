#include "image_codecs.h"

#include <libheif/heif.h>
#include <stdio.h>
#include <string.h>

static vc_status vc_heif_failure(struct heif_error error, char *message, size_t capacity) {
    if (message && capacity > 0) snprintf(message, capacity, "%s", error.message ? error.message : "HEIF error");
    switch (error.code) {
    case heif_error_Unsupported_feature:
    case heif_error_Unsupported_filetype:
    case heif_error_Decoder_plugin_error:
        return VC_UNSUPPORTED;
    default:
        return error.subcode == heif_suberror_End_of_data ? VC_TRUNCATED : VC_CORRUPT;
    }
}

// Opens the file's primary image; the caller releases both.
static vc_status vc_heif_open(const uint8_t *data, size_t size, struct heif_context **context,
                              struct heif_image_handle **handle, char *message, size_t capacity) {
    if (message && capacity > 0) message[0] = 0;
    *context = heif_context_alloc();
    *handle = NULL;
    if (!*context) return VC_BAD_BUFFER;
    struct heif_error error = heif_context_read_from_memory_without_copy(*context, data, size, NULL);
    if (error.code == heif_error_Ok) error = heif_context_get_primary_image_handle(*context, handle);
    if (error.code != heif_error_Ok) {
        heif_context_free(*context);
        *context = NULL;
        return vc_heif_failure(error, message, capacity);
    }
    return VC_OK;
}

vc_status vc_heif_info(const uint8_t *data, size_t size, vc_info *info, char *message, size_t capacity) {
    struct heif_context *context;
    struct heif_image_handle *handle;
    vc_status status = vc_heif_open(data, size, &context, &handle, message, capacity);
    if (status != VC_OK) return status;
    memset(info, 0, sizeof(*info));
    info->width = heif_image_handle_get_width(handle);
    info->height = heif_image_handle_get_height(handle);
    info->channels = heif_image_handle_has_alpha_channel(handle) ? 4 : 3;
    info->bit_depth = heif_image_handle_get_luma_bits_per_pixel(handle);
    info->animated = heif_context_get_number_of_top_level_images(context) > 1;
    heif_image_handle_release(handle);
    heif_context_free(context);
    return VC_OK;
}

vc_status vc_heif_decode(const uint8_t *data, size_t size, int channels,
                         uint8_t *out, size_t out_size, char *message, size_t capacity) {
    struct heif_context *context;
    struct heif_image_handle *handle;
    vc_status status = vc_heif_open(data, size, &context, &handle, message, capacity);
    if (status != VC_OK) return status;
    struct heif_image *image = NULL;
    // libheif applies the file's rotation and mirroring (irot, imir) while decoding.
    struct heif_error error = heif_decode_image(handle, &image, heif_colorspace_RGB, heif_chroma_interleaved_RGB, NULL);
    if (error.code != heif_error_Ok) {
        heif_image_handle_release(handle);
        heif_context_free(context);
        return vc_heif_failure(error, message, capacity);
    }
    int width = heif_image_get_width(image, heif_channel_interleaved);
    int height = heif_image_get_height(image, heif_channel_interleaved);
    int stride = 0;
    const uint8_t *plane = heif_image_get_plane_readonly(image, heif_channel_interleaved, &stride);
    status = VC_OK;
    if (!plane || width <= 0 || height <= 0 || (size_t)width * (size_t)height * (size_t)channels != out_size) {
        if (message && capacity > 0) snprintf(message, capacity, "output buffer does not fit the image");
        status = VC_BAD_BUFFER;
    } else {
        for (int y = 0; y < height; y++) {
            const uint8_t *row = plane + (size_t)y * (size_t)stride;
            uint8_t *target = out + (size_t)y * (size_t)width * (size_t)channels;
            if (channels == 3) {
                memcpy(target, row, (size_t)width * 3);
            } else {
                for (int x = 0; x < width; x++) {
                    target[x] = (uint8_t)((row[3 * x] * 77u + row[3 * x + 1] * 150u + row[3 * x + 2] * 29u) >> 8);
                }
            }
        }
    }
    heif_image_release(image);
    heif_image_handle_release(handle);
    heif_context_free(context);
    return status;
}
