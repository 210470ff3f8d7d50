#include "image_codecs.h"

// jpeglib.h needs FILE declared before it.
#include <stdio.h>

#include <jerror.h>
#include <jpeglib.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>

// A progressive JPEG can hold thousands of tiny scans that each cost a pass over the whole
// image; real photos have at most a few dozen.
#define VC_JPEG_MAX_SCANS 200

typedef struct {
    struct jpeg_error_mgr base;
    jmp_buf jump;
    int first_warning;
    char *message;
    size_t capacity;
} vc_jpeg_errors;

static void vc_jpeg_fail(j_common_ptr cinfo) {
    vc_jpeg_errors *errors = (vc_jpeg_errors *)cinfo->err;
    if (errors->message && errors->capacity > 0) {
        char text[JMSG_LENGTH_MAX];
        (*cinfo->err->format_message)(cinfo, text);
        snprintf(errors->message, errors->capacity, "%s", text);
    }
    longjmp(errors->jump, 1);
}

// Warnings (corrupt data that libjpeg papers over, or data that ends early) are remembered,
// never printed: the caller decides what they mean.
static void vc_jpeg_note(j_common_ptr cinfo, int level) {
    vc_jpeg_errors *errors = (vc_jpeg_errors *)cinfo->err;
    if (level < 0 && errors->first_warning == 0) {
        errors->first_warning = cinfo->err->msg_code == 0 ? -1 : cinfo->err->msg_code;
        if (errors->message && errors->capacity > 0) {
            char text[JMSG_LENGTH_MAX];
            (*cinfo->err->format_message)(cinfo, text);
            snprintf(errors->message, errors->capacity, "%s", text);
        }
    }
}

static void vc_jpeg_limit_scans(j_common_ptr cinfo) {
    if (cinfo->is_decompressor) {
        j_decompress_ptr dinfo = (j_decompress_ptr)cinfo;
        if (dinfo->input_scan_number > VC_JPEG_MAX_SCANS) {
            vc_jpeg_errors *errors = (vc_jpeg_errors *)cinfo->err;
            if (errors->message && errors->capacity > 0) {
                snprintf(errors->message, errors->capacity, "more than %d progressive scans", VC_JPEG_MAX_SCANS);
            }
            longjmp(errors->jump, 2);
        }
    }
}

static void vc_jpeg_setup(struct jpeg_decompress_struct *cinfo, vc_jpeg_errors *errors,
                          struct jpeg_progress_mgr *progress, char *message, size_t capacity) {
    memset(errors, 0, sizeof(*errors));
    cinfo->err = jpeg_std_error(&errors->base);
    errors->base.error_exit = vc_jpeg_fail;
    errors->base.emit_message = vc_jpeg_note;
    errors->message = message;
    errors->capacity = capacity;
    if (message && capacity > 0) message[0] = 0;
    jpeg_create_decompress(cinfo);
    progress->progress_monitor = vc_jpeg_limit_scans;
    cinfo->progress = progress;
}

static vc_status vc_jpeg_warning_status(const vc_jpeg_errors *errors) {
    if (errors->first_warning == 0) return VC_OK;
    return errors->first_warning == JWRN_JPEG_EOF ? VC_TRUNCATED : VC_CORRUPT;
}

vc_status vc_jpeg_info(const uint8_t *data, size_t size, vc_info *info, char *message, size_t capacity) {
    struct jpeg_decompress_struct cinfo;
    vc_jpeg_errors errors;
    struct jpeg_progress_mgr progress;
    vc_jpeg_setup(&cinfo, &errors, &progress, message, capacity);
    if (setjmp(errors.jump)) {
        jpeg_destroy_decompress(&cinfo);
        return VC_CORRUPT;
    }
    jpeg_mem_src(&cinfo, data, (unsigned long)size);
    jpeg_read_header(&cinfo, TRUE);
    memset(info, 0, sizeof(*info));
    info->width = (int32_t)cinfo.image_width;
    info->height = (int32_t)cinfo.image_height;
    info->channels = cinfo.num_components;
    info->bit_depth = cinfo.data_precision;
    info->cmyk = cinfo.jpeg_color_space == JCS_CMYK || cinfo.jpeg_color_space == JCS_YCCK;
    vc_status status = vc_jpeg_warning_status(&errors);
    jpeg_destroy_decompress(&cinfo);
    return status;
}

// CMYK rows to RGB. Adobe's encoders store the inks inverted, so C·K/255 is red there.
static void vc_cmyk_row(const uint8_t *cmyk, uint8_t *out, size_t width, int channels, int inverted) {
    for (size_t x = 0; x < width; x++) {
        unsigned c = cmyk[4 * x], m = cmyk[4 * x + 1], y = cmyk[4 * x + 2], k = cmyk[4 * x + 3];
        if (!inverted) { c = 255 - c; m = 255 - m; y = 255 - y; k = 255 - k; }
        unsigned r = c * k / 255, g = m * k / 255, b = y * k / 255;
        if (channels == 1) {
            out[x] = (uint8_t)((r * 77 + g * 150 + b * 29) >> 8);
        } else {
            out[3 * x] = (uint8_t)r;
            out[3 * x + 1] = (uint8_t)g;
            out[3 * x + 2] = (uint8_t)b;
        }
    }
}

vc_status vc_jpeg_decode(const uint8_t *data, size_t size, int channels, int scale_denom,
                         uint8_t *out, size_t out_size, char *message, size_t capacity) {
    struct jpeg_decompress_struct cinfo;
    vc_jpeg_errors errors;
    struct jpeg_progress_mgr progress;
    uint8_t *volatile cmyk_row = NULL;
    vc_jpeg_setup(&cinfo, &errors, &progress, message, capacity);
    int jumped = setjmp(errors.jump);
    if (jumped) {
        free(cmyk_row);
        jpeg_destroy_decompress(&cinfo);
        return jumped == 2 ? VC_UNSUPPORTED : VC_CORRUPT;
    }
    jpeg_mem_src(&cinfo, data, (unsigned long)size);
    jpeg_read_header(&cinfo, TRUE);
    int cmyk = cinfo.jpeg_color_space == JCS_CMYK || cinfo.jpeg_color_space == JCS_YCCK;
    cinfo.out_color_space = cmyk ? JCS_CMYK : (channels == 1 ? JCS_GRAYSCALE : JCS_RGB);
    cinfo.scale_num = 1;
    cinfo.scale_denom = (unsigned)scale_denom;
    cinfo.dct_method = JDCT_ISLOW;
    jpeg_start_decompress(&cinfo);
    size_t width = cinfo.output_width, stride = width * (size_t)channels;
    if (stride * cinfo.output_height != out_size) {
        jpeg_destroy_decompress(&cinfo);
        if (message && capacity > 0) snprintf(message, capacity, "output buffer does not fit the image");
        return VC_BAD_BUFFER;
    }
    if (cmyk) {
        cmyk_row = malloc(width * 4);
        if (!cmyk_row) {
            jpeg_destroy_decompress(&cinfo);
            if (message && capacity > 0) snprintf(message, capacity, "out of memory");
            return VC_BAD_BUFFER;
        }
    }
    while (cinfo.output_scanline < cinfo.output_height) {
        uint8_t *row = out + (size_t)cinfo.output_scanline * stride;
        JSAMPROW target = cmyk ? (JSAMPROW)cmyk_row : (JSAMPROW)row;
        if (jpeg_read_scanlines(&cinfo, &target, 1) != 1) break;
        if (cmyk) vc_cmyk_row(cmyk_row, row, width, channels, cinfo.saw_Adobe_marker);
    }
    jpeg_finish_decompress(&cinfo);
    vc_status status = vc_jpeg_warning_status(&errors);
    free(cmyk_row);
    jpeg_destroy_decompress(&cinfo);
    return status;
}
